"""What the tutor says: short, warm, correct French (tutoiement), in one place.

Kept apart from the logic so that wording can be reviewed by a teacher without reading code.
"""

TOPIC_NAMES = {
    "fractions": "les fractions",
    "pourcentages": "les pourcentages",
    "equations": "les équations",
    "pythagore": "le théorème de Pythagore",
    "statistiques": "les statistiques",
    "proportionnalite": "la proportionnalité",
    "relatifs": "les nombres relatifs",
    "puissances": "les puissances",
    "ecriture_scientifique": "l'écriture scientifique",
    "racines": "les racines carrées",
    "arithmetique": "l'arithmétique",
    "calcul_litteral": "le calcul littéral",
    "inequations": "les inéquations",
    "thales": "le théorème de Thalès",
    "trigonometrie": "la trigonométrie",
    "aires_volumes": "les aires et les volumes",
    "geometrie": "la géométrie",
    "probabilites": "les probabilités",
    "fonctions": "les fonctions",
    "algorithmique": "l'algorithmique",
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
        "puis on divise par le nombre de valeurs. La médiane est la valeur du milieu de la "
        "série rangée dans l'ordre ; l'étendue est la plus grande valeur moins la plus petite."
    ),
    "proportionnalite": (
        "Deux grandeurs sont proportionnelles quand on passe de l'une à l'autre en "
        "multipliant toujours par le même nombre. "
        "On peut utiliser un tableau et le produit en croix."
    ),
    # --- lessons: nombres et calcul littéral ---
    "relatifs": (
        "Soustraire un nombre, c'est ajouter son opposé : 5 − (−3) = 5 + 3 = 8. "
        "Pour multiplier ou diviser, compte les signes − : un nombre pair donne un résultat "
        "positif, un nombre impair donne un résultat négatif."
    ),
    "puissances": (
        "2⁴, c'est 2 × 2 × 2 × 2 = 16 : l'exposant dit combien de fois on multiplie. "
        "Pour un produit de puissances du même nombre, on additionne les exposants : "
        "2³ × 2⁵ = 2⁸."
    ),
    "ecriture_scientifique": (
        "L'écriture scientifique, c'est a × 10ⁿ avec a entre 1 et 10. "
        "Par exemple, 32 000 = 3,2 × 10⁴ et 0,005 = 5 × 10⁻³."
    ),
    "racines": (
        "√36 = 6, car 6 × 6 = 36. Pour simplifier une racine, on cherche un carré parfait "
        "caché dessous : √50 = √25 × √2 = 5√2."
    ),
    "arithmetique": (
        "Un diviseur de 12, c'est un nombre qui tombe juste quand on divise 12 par lui : "
        "1, 2, 3, 4, 6 et 12. Un nombre premier n'a que deux diviseurs, 1 et lui-même : "
        "2, 3, 5, 7, 11… Tout nombre est un produit de nombres premiers : 12 = 2² × 3."
    ),
    "calcul_litteral": (
        "Développer, c'est transformer un produit en somme : 3(x + 2) = 3x + 6. "
        "Factoriser, c'est l'inverse : 3x + 6 = 3(x + 2). "
        "Retiens aussi (a + b)² = a² + 2ab + b² : il ne faut pas oublier 2ab."
    ),
    "inequations": (
        "On résout une inéquation comme une équation, avec une règle en plus : si on "
        "multiplie ou divise par un nombre négatif, le sens change. "
        "−2x > 6 donne x < −3."
    ),
    # --- lessons: géométrie, données, algorithmique ---
    "thales": (
        "Quand deux droites parallèles coupent deux droites qui se croisent en A, on obtient "
        "deux triangles qui ont la même forme. Leurs côtés sont proportionnels : "
        "AM/AB = AN/AC = MN/BC. Toutes les longueurs partent de A."
    ),
    "trigonometrie": (
        "Dans un triangle rectangle, regarde depuis un angle aigu : l'hypoténuse est en face "
        "de l'angle droit, le côté adjacent touche l'angle, le côté opposé est en face. "
        "Cosinus = adjacent ÷ hypoténuse, sinus = opposé ÷ hypoténuse, "
        "tangente = opposé ÷ adjacent. Mets la calculatrice en mode degrés."
    ),
    "aires_volumes": (
        "L'aire mesure une surface, en cm² ou m² : triangle = base × hauteur ÷ 2, "
        "disque = π × rayon × rayon. Le volume mesure ce qu'un solide contient, en cm³ : "
        "pavé = longueur × largeur × hauteur, cylindre = aire de la base × hauteur, "
        "cône = aire de la base × hauteur ÷ 3. Et 1 L = 1000 cm³."
    ),
    "geometrie": (
        "Dans un repère, un point A(3 ; −2) a pour abscisse 3 et pour ordonnée −2. "
        "Le milieu de [AB] a pour coordonnées les moyennes des coordonnées de A et de B. "
        "Une translation ajoute les coordonnées du vecteur ; une symétrie par rapport à "
        "l'origine change les deux signes."
    ),
    "probabilites": (
        "Quand toutes les issues ont la même chance, une probabilité se calcule ainsi : "
        "nombre de cas favorables ÷ nombre total de cas. Elle est toujours entre 0 et 1. "
        "Pour deux épreuves à la suite, on multiplie les probabilités le long d'une branche "
        "de l'arbre."
    ),
    "fonctions": (
        "Une fonction associe un nombre à chaque x. L'image de 2 par f, c'est f(2) : "
        "on remplace x par 2 dans la formule. Un antécédent de 7, c'est un x tel que "
        "f(x) = 7 : on résout une équation. Pour f(x) = ax + b, a est le coefficient "
        "directeur."
    ),
    "algorithmique": (
        "Un programme s'exécute ligne par ligne, de haut en bas. « x = x + 3 » veut dire : "
        "la nouvelle valeur de x est l'ancienne plus 3. range(1, 5) donne 1, 2, 3 et 4 : "
        "le 5 n'est pas compris. Pour suivre un programme, note la valeur de chaque variable "
        "après chaque ligne."
    ),
}

MENU = (
    "Tu veux faire quoi ? Tu peux écrire « des maths », « les fractions », "
    "« lire un texte »… ou « qu'est-ce que je fais ? » et je te propose quelque chose."
)
# Rasa's REST channel reads a "/intent" payload as that intent, without NLU.
MENU_BUTTONS = (
    {"title": "Faire des maths", "payload": "/start_maths"},
    {"title": "Comprendre un texte", "payload": "/start_comprehension"},
    {"title": "Que me conseilles-tu ?", "payload": "/what_next"},
)
TOPIC_NOT_AVAILABLE = "Je n'ai pas encore d'exercices sur ce thème."
NO_QUESTION = "Il n'y a pas de question en cours."
NOT_UNDERSTOOD_DEFAULT = "Je n'ai pas compris ta réponse. Écris un nombre, par exemple 12 ou 3/4."
TRY_AGAIN = "Essaie encore !"
CHOOSE_INSTEAD = "Tu peux aussi choisir ta réponse parmi ces propositions."
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
    "que je parle plus lentement, ou des réponses à choisir en maths."
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
    "choix": "en maths, chaque question viendra avec des réponses à choisir",
    "ecrire": "tu écris tes réponses toi-même, sans les choix",
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

# --- comprehension ---------------------------------------------------------------------------
MCQ_NOT_UNDERSTOOD = "Réponds avec la lettre (A, B, C…) ou avec les mots de la réponse."
RIGHT_COMPREHENSION = "Oui, c'est ça !"
MODEL_ANSWER = "Voici une bonne réponse : {answer}"
SEQUENCE_DONE = (
    "C'est fini pour cette série : {solved} bonne(s) réponse(s) sur {total}. "
    "Bravo pour ton travail !"
)
SORT_WRONG = "Pas tout à fait."
SORT_MISSING = "Il en manque."
SORT_EXTRA = "Certains de ta liste ne vont pas avec les autres."
SORT_AGAIN = "Relis la consigne."
