"""French maths text → words eSpeak reads as a teacher would."""

from __future__ import annotations

import pytest

from speech.tts.espeak import EspeakTTS
from speech.tts.normalise import normalise_for_speech

CASES = [
    # integers, decimals, signs
    ("3", "trois"),
    ("2024", "deux mille vingt-quatre"),
    ("1 000", "mille"),
    ("1 000 000", "un million"),
    ("3,5", "trois virgule cinq"),
    ("3,05", "trois virgule zéro cinq"),
    ("3.5", "trois virgule cinq"),
    ("0,001", "zéro virgule zéro zéro un"),
    ("3,14159", "trois virgule un quatre un cinq neuf"),
    ("-4", "moins quatre"),
    ("−7", "moins sept"),
    ("5-3", "cinq moins trois"),
    ("x-3", "x moins trois"),
    ("-2x", "moins deux x"),
    # fractions
    ("3/4", "trois quarts"),
    ("1/2", "un demi"),
    ("3/2", "trois demis"),
    ("1/3", "un tiers"),
    ("5/3", "cinq tiers"),
    ("7/10", "sept dixièmes"),
    ("1/100", "un centième"),
    ("11/17", "onze sur dix-sept"),
    ("-3/4", "moins trois quarts"),
    ("a/b", "a sur b"),
    ("(x+1)/2", "(x plus un) sur deux"),
    # powers
    ("x²", "x au carré"),
    ("x³", "x au cube"),
    ("10^3", "dix puissance trois"),
    ("10³", "dix puissance trois"),
    ("10^-3", "dix puissance moins trois"),
    ("10⁻³", "dix puissance moins trois"),
    ("2^(-3)", "deux puissance moins trois"),
    ("(x+1)²", "(x plus un) au carré"),
    ("x² - 4 = 0", "x au carré moins quatre égale zéro"),
    # units
    ("12 cm", "douze centimètres"),
    ("1 cm", "un centimètre"),
    ("1,5 kg", "un virgule cinq kilogramme"),
    ("2m", "deux mètres"),
    ("5 km", "cinq kilomètres"),
    ("3 g", "trois grammes"),
    ("2 L", "deux litres"),
    ("250 mL", "deux cent cinquante millilitres"),
    ("12 €", "douze euros"),
    ("1 €", "un euro"),
    ("3,50 €", "trois euros cinquante"),
    ("0,99 €", "quatre-vingt-dix-neuf centimes"),
    ("50 %", "cinquante pour cent"),
    ("20 °C", "vingt degrés Celsius"),
    ("-5 °C", "moins cinq degrés Celsius"),
    ("90 km/h", "quatre-vingt-dix kilomètres par heure"),
    ("12 cm²", "douze centimètres carrés"),
    ("3 m³", "trois mètres cubes"),
    ("16 Go", "seize gigaoctets"),
    ("1 h", "une heure"),
    ("21 min", "vingt et une minutes"),
    ("45 s", "quarante-cinq secondes"),
    ("Exprime l'aire en cm².", "Exprime l'aire en centimètres carrés."),
    # symbols
    ("x ≤ 3", "x inférieur ou égal à trois"),
    ("x ≥ 3", "x supérieur ou égal à trois"),
    ("a ≠ b", "a différent de b"),
    ("3 × 4", "trois fois quatre"),
    ("3 x 4", "trois fois quatre"),
    ("12 ÷ 4", "douze divisé par quatre"),
    ("√2", "racine carrée de deux"),
    ("2π", "deux pi"),
    ("π ≈ 3,14", "pi environ égal à trois virgule quatorze"),
    ("x = 2", "x égale deux"),
    ("x=2", "x égale deux"),
    ("2x + 3 = 7", "deux x plus trois égale sept"),
    ("f(x) = -x + 2", "f(x) égale moins x plus deux"),
    ("x < 3", "x inférieur à trois"),
    ("a & b", "a et b"),
    # abbreviations, ordinals, times, dates
    ("ex. un triangle", "par exemple un triangle"),
    ("des carrés, des cercles, etc.", "des carrés, des cercles, et cetera."),
    ("M. Dupont", "monsieur Dupont"),
    ("Mme Martin", "madame Martin"),
    ("exercice n° 5", "exercice numéro cinq"),
    ("le 1er", "le premier"),
    ("la 1re", "la première"),
    ("la 2nde", "la seconde"),
    ("le 3e", "le troisième"),
    ("14h30", "quatorze heures trente"),
    ("8h05", "huit heures cinq"),
    ("14 h 30", "quatorze heures trente"),
    ("1h15", "une heure quinze"),
    ("12h00", "douze heures"),
    ("2 h 30 min", "deux heures trente minutes"),
    ("14/07/1789", "quatorze juillet mille sept cent quatre-vingt-neuf"),
    # ordinary French is left alone
    ("Bonjour, comment ça va ?", "Bonjour, comment ça va ?"),
    ("C'est l'été !", "C'est l'été !"),
    ("Est-ce que tu as compris ?", "Est-ce que tu as compris ?"),
    ("Y a-t-il un rendez-vous ?", "Y a-t-il un rendez-vous ?"),
    ("Réponds par oui et/ou non.", "Réponds par oui et/ou non."),
    ("Index. Mais aussi...", "Index. Mais aussi..."),
    # SSML tags survive
    ('Un <break time="500ms"/> deux 3/4', 'Un <break time="500ms"/> deux trois quarts'),
]


@pytest.mark.parametrize(("text", "spoken"), CASES, ids=[c[0] for c in CASES])
def test_normalise_for_speech(text, spoken):
    assert normalise_for_speech(text) == spoken


def test_table_is_big_enough():
    assert len(CASES) >= 40


def test_exercise_statement_end_to_end():
    text = "Un rectangle mesure 3,5 cm sur 2 cm. Calcule son aire A = L × l en cm²."
    spoken = normalise_for_speech(text)
    assert spoken == (
        "Un rectangle mesure trois virgule cinq centimètres sur deux centimètres. "
        "Calcule son aire A égale L fois l en centimètres carrés."
    )
    speech = EspeakTTS().synthesize(spoken)
    assert len(speech.marks) == len(spoken.split())
