"""What the tutor says: short, warm, correct French (tutoiement), in one place.

Kept apart from the logic so that wording can be reviewed by a teacher without reading code.
"""

TOPIC_NAMES = {
    "fractions": "les fractions",
    "pourcentages": "les pourcentages",
    "equations": "les équations",
    "pythagore": "le théorème de Pythagore",
    "statistiques": "la moyenne",
    "proportionnalite": "la proportionnalité",
}

# A short lesson per topic, for "explique-moi" when no question is pending.
TOPIC_LESSONS = {
    "fractions": (
        "Une fraction, c'est un partage : 3/4, c'est 3 parts d'un gâteau coupé en 4. "
        "Pour simplifier, on divise le haut et le bas par le même nombre. "
        "Pour additionner, on met d'abord les deux fractions au même dénominateur."
    ),
    "pourcentages": (
        "Prendre 20 % d'un nombre, c'est le multiplier par 20 puis diviser par 100. "
        "Par exemple, 20 % de 50 = 50 × 20 ÷ 100 = 10."
    ),
    "equations": (
        "Résoudre une équation, c'est trouver la valeur de x qui rend l'égalité vraie. "
        "On fait la même opération des deux côtés du signe = pour isoler x."
    ),
    "pythagore": (
        "Dans un triangle rectangle, le carré de l'hypoténuse (le plus grand côté) "
        "est égal à la somme des carrés des deux autres côtés : BC² = AB² + AC²."
    ),
    "statistiques": (
        "Pour calculer une moyenne, on additionne toutes les valeurs, "
        "puis on divise par le nombre de valeurs."
    ),
    "proportionnalite": (
        "Deux grandeurs sont proportionnelles quand on passe de l'une à l'autre en "
        "multipliant toujours par le même nombre. "
        "On peut utiliser un tableau et le produit en croix."
    ),
}

MENU = (
    "Tu veux faire quoi ? Tu peux écrire « des maths », « les fractions », "
    "« les équations »… ou « qu'est-ce que je fais ? » et je te propose quelque chose."
)
# Rasa's REST channel reads a "/intent" payload as that intent, without NLU.
MENU_BUTTONS = (
    {"title": "Faire des maths", "payload": "/start_maths"},
    {"title": "Que me conseilles-tu ?", "payload": "/what_next"},
)
NOT_AVAILABLE = {
    "comprehension": "Les textes à comprendre arrivent bientôt.",
    "fluency": "La lecture à voix haute arrive bientôt.",
}
TOPIC_NOT_AVAILABLE = "Je n'ai pas encore d'exercices sur ce thème."
NO_QUESTION = "Il n'y a pas de question en cours."
NOT_UNDERSTOOD_DEFAULT = "Je n'ai pas compris ta réponse. Écris un nombre, par exemple 12 ou 3/4."
TRY_AGAIN = "Essaie encore !"
RIGHT_FIRST_TRY = ("Bravo !", "Super !", "Exact !", "Bien joué !")
NEXT_QUESTION = "Question suivante :"
RESUME = "Reprenons :"
SKIPPED = "On passe. La réponse était : {answer}."
SOLUTION = "Voici la solution : {solution}"
NO_MORE_HINTS = "Tu as déjà eu tous les indices."
HINT_PREFIX = ("Indice 1 :", "Indice 2 :", "Indice 3 :")
SLOWER = "D'accord, je parlerai plus lentement."
EASIER = "D'accord, je te donne une question plus facile."
HARDER = "D'accord, je te donne une question plus difficile."
ALREADY_EASIEST = "C'est déjà le niveau le plus facile. On prend une autre question."
ALREADY_HARDEST = "C'est déjà le niveau le plus difficile. On prend une autre question."
STOPPED = "On s'arrête là. {summary}"
SESSION_SUMMARY = "Tu as trouvé {solved} réponse(s) juste(s) sur {total} question(s)."
SESSION_EMPTY = "À bientôt !"
PROGRESS_NONE = "Tu n'as pas encore répondu à des questions. On commence ?"
PROGRESS_TOTAL = "En tout, tu as trouvé {solved} question(s) sur {total}."
PROGRESS_TOPIC = "{name} : {solved} sur {total}."
WHY_NONE = "Je ne t'ai encore rien proposé. Écris « maths » pour commencer."
TEACHER_DONE = "C'est noté : j'ai envoyé un message à ton professeur. Il te répondra."
PREFERENCE_SAVED = "C'est noté : {label}."
PREFERENCE_UNKNOWN = (
    "Tu peux me demander : un texte plus gros, le mode dys, la lecture à voix haute, "
    "ou que je parle plus lentement."
)
LANGUAGE_SAVED = "D'accord. Je continue en français simple, avec des phrases courtes."
LANGUAGE_UNKNOWN = "Quelle langue parles-tu ? Par exemple : anglais, arabe, espagnol…"

PREFERENCE_LABELS = {
    "gros_caracteres": "le texte sera plus gros",
    "plus_lent": "je parlerai plus lentement",
    "lecture_voix_haute": "je lirai mes messages à voix haute",
    "mode_dys": "le mode dys est activé",
    "police_dys": "le mode dys est activé",
    "espacement": "les lignes seront plus espacées",
    "mode_sombre": "l'écran sera en mode sombre",
    "sans_audio": "je ne lirai plus mes messages à voix haute",
    "phrases_courtes": "j'écrirai des phrases courtes",
}

# One line in the student's language, so a newcomer knows they are understood.
LANGUAGE_LINES = {
    "anglais": "I will write in simple French. Ask me to explain any word.",
    "espagnol": "Voy a escribir en francés sencillo. Pregúntame si no entiendes una palabra.",
    "portugais": "Vou escrever em francês simples. Pergunta-me se não entenderes uma palavra.",
    "italien": "Scriverò in francese semplice. Chiedimi se non capisci una parola.",
    "allemand": (
        "Ich schreibe in einfachem Französisch. Frag mich, wenn du ein Wort nicht verstehst."
    ),
    "arabe": "سأكتب بلغة فرنسية بسيطة. اسألني إذا لم تفهم كلمة.",
    "ukrainien": "Я писатиму простою французькою. Запитай мене, якщо не розумієш слова.",
}

DISTRESS = (
    "Merci de me l'avoir dit. Ce que tu vis est important, et tu as le droit d'être aidé.",
    "Tu peux appeler gratuitement : le 3114 si tu as des idées de suicide, le 119 si tu es en "
    "danger ou maltraité, le 3020 si tu es harcelé. Le 3114 et le 119 répondent jour et nuit. "
    "En cas d'urgence, appelle le 15 ou le 112.",
    "J'ai prévenu ton professeur pour qu'un adulte puisse t'aider. Tu peux aussi aller voir "
    "l'infirmière ou le CPE de ton lycée.",
)
