"""The positioning test's scale: sentences parsed, and priors seeded from the report."""

from datetime import datetime, timezone

import pytest

from assistant.engine import positioning
from assistant.engine.history import LearnerLog
from assistant.engine.skill_map import load
from assistant.engine.state import derive

NOW = datetime(2026, 11, 23, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "domain", "degree"),
    [
        ("j'ai eu fragile en calcul littéral", "calcul_litteral", "fragile"),
        ("J'AI EU FRAGILE EN CALCUL LITTERAL", "calcul_litteral", "fragile"),
        ("maîtrise insuffisante en nombres et calculs", "nombres_calculs", "insuffisante"),
        ("très bonne maîtrise en géométrie !", "geometrie", "tres_bonne"),
        (
            "satisfaisant palier 3 en compréhension de l'écrit",
            "comprehension_ecrit",
            "satisfaisante_3",
        ),
        ("satisfaisante en étude de la langue", "etude_langue", "satisfaisante_2"),
        ("insuffisant en organisation et gestion de données", "donnees", "insuffisante"),
        ("fragile à l'oral", "comprehension_oral", "fragile"),
        ("en calcul j'ai eu satisfaisant 1", "nombres_calculs", "satisfaisante_1"),
        ("j'ai eu fragile", None, "fragile"),
        ("en géométrie", "geometrie", None),
        ("bonjour", None, None),
    ],
)
def test_sentences_give_domain_and_degree(text, domain, degree):
    assert positioning.parse(text) == (domain, degree)


def test_the_scale_has_six_degrees_with_rising_priors():
    priors = [d.prior for d in positioning.SCALE]
    assert len(priors) == 6 and priors == sorted(priors) and len(set(priors)) == 6


def test_positioning_seeds_the_priors_of_its_domain_only():
    skill_map = load()
    fragile = derive(LearnerLog(positioning={"calcul_litteral": "fragile"}), skill_map, NOW)
    strong = derive(LearnerLog(positioning={"calcul_litteral": "tres_bonne"}), skill_map, NOW)
    unknown = derive(LearnerLog(), skill_map, NOW)
    skill = "calcul_litteral.equations.premier_degre"
    assert fragile.mastery(skill) == pytest.approx(0.30, abs=1e-6)
    assert strong.mastery(skill) == pytest.approx(0.80, abs=1e-6)
    other = "geometrie.pythagore.hypotenuse"
    assert fragile.mastery(other) == unknown.mastery(other) == pytest.approx(0.40, abs=1e-6)
