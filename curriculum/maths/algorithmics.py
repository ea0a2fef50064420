"""Algorithmics: what a short Python program prints, and how many times a loop runs.

Programs are given line by line, « Ligne 1 : … », and an indented line says which block it is
in (« Ligne 3, dans le bloc if : … »): a screen reader then reads the structure that
indentation shows on paper, and text-to-speech reads each line in words (« x prend la valeur
x plus trois »). The code itself keeps Python's ASCII operators (* and -), since that is what
students type in class. The errors named are the ones teachers see: a line skipped, both
branches of an if run, « > » read as « ≥ », and range(a, b) taken to include b.
"""

from __future__ import annotations

import math
import random

import sympy

from curriculum.maths.items import Draft, Text, int_words, register

WORDS = ("Bonjour", "Salut", "Bravo", "Allez")  # what a loop prints, read aloud as is
# Spoken forms of the operators a program uses.
SAID = {
    "+": "plus",
    "-": "moins",
    "*": "fois",
    ">": "est plus grand que",
    "<": "est plus petit que",
}


def _said(token: str) -> str:
    """One token of code in words: numbers, operators, names."""
    if token.lstrip("-").isdigit():
        return int_words(int(token))
    return SAID.get(token, token)


def _expression(code: str) -> str:
    return " ".join(_said(token) for token in code.split())


def _assign(name: str, code: str) -> Text:
    return Text(f"{name} = {code}", f"{name} prend la valeur {_expression(code)}")


def _program(lines: list[tuple[Text, str]]) -> Text:
    """Numbered lines; the block of an indented line is said, since indentation is invisible
    to a listener (and collapsed by the chat page)."""
    written, spoken = [], []
    for number, (line, block) in enumerate(lines, start=1):
        where = f", dans {block}" if block else ""
        written.append(f"Ligne {number}{where} : {line.written}")
        spoken.append(f"Ligne {int_words(number)}{where} : {line.spoken}.")
    return Text(
        "Voici un programme Python, ligne par ligne.\n" + "\n".join(written),
        "Voici un programme Python, ligne par ligne. " + " ".join(spoken),
    )


def _ask(program: Text, question: str) -> Text:
    return Text(f"{program.written}\n{question}", f"{program.spoken} {question}")


def _signed(value: int) -> str:
    """« x + 3 » or « x - 3 » in code."""
    return f"+ {value}" if value >= 0 else f"- {-value}"


def _print(name: str) -> Text:
    return Text(f"print({name})", f"afficher {name}")


@register("algorithmics.program_output", topic="algorithmique", domain="donnees")
def program_output(rng: random.Random, level: int) -> Draft:
    """Level 1: assignments in sequence. Level 2: an if/else. Level 3: a for loop that adds."""
    if level == 1:
        return _sequence(rng)
    if level == 2:
        return _branch(rng)
    return _sum_loop(rng)


def _sequence(rng: random.Random) -> Draft:
    start, step, factor = rng.randint(4, 9), rng.choice((-3, -2, 2, 3, 4, 5)), rng.randint(2, 6)
    lines = [
        (_assign("x", str(start)), ""),
        (_assign("x", f"x {_signed(step)}"), ""),
        (_assign("y", f"{factor} * x"), ""),
        (_print("y"), ""),
    ]
    x = start + step
    expected = sympy.Integer(factor * x)
    trace = (
        f"Après la ligne 1, x = {start}. Après la ligne 2, x = {x}. "
        f"Après la ligne 3, y = {factor * x}."
    )
    return Draft(
        skill="donnees.algorithmique.programme",
        text=_ask(_program(lines), "Qu'affiche ce programme ?"),
        expected=expected,
        kind="number",
        hints=(
            "Lis les lignes dans l'ordre et note la valeur de chaque variable après chaque ligne.",
            "« x = x + 3 » veut dire : la nouvelle valeur de x est l'ancienne valeur plus 3.",
            f"Après la ligne 2, x = {x}.",
        ),
        solution=f"{trace} Le programme affiche y : {factor * x}.",
        misconceptions=(
            (
                sympy.Integer(factor * start),
                "skipped_update",
                "Tu n'as pas tenu compte de la ligne 2 : elle change la valeur de x avant le "
                "calcul de y.",
            ),
            (
                sympy.Integer(x),
                "printed_other_variable",
                "Tu as donné la valeur de x. Le programme affiche y.",
            ),
            (
                sympy.Integer(factor * start + step),
                "lines_out_of_order",
                "Tu as fait les calculs dans le désordre. L'ordinateur exécute les lignes "
                "une par une, de haut en bas.",
            ),
        ),
    )


def _branch(rng: random.Random) -> Draft:
    while True:  # the two branches must give different numbers
        threshold = rng.randint(5, 15)
        start = threshold + rng.choice((-2, -1, 0, 0, 1, 2))
        factor, extra = rng.randint(2, 4), rng.randint(3, 9)
        if start * factor != start + extra:
            break
    lines = [
        (_assign("n", str(start)), ""),
        (Text(f"if n > {threshold}:", f"si n est plus grand que {int_words(threshold)}"), ""),
        (_assign("n", f"n * {factor}"), "le bloc if"),
        (Text("else:", "sinon"), ""),
        (_assign("n", f"n + {extra}"), "le bloc else"),
        (_print("n"), ""),
    ]
    true = start > threshold
    expected = sympy.Integer(start * factor if true else start + extra)
    other = sympy.Integer(start + extra if true else start * factor)
    condition = f"{start} > {threshold} est {'vrai' if true else 'faux'}"
    if start == threshold:
        why = (
            f"n vaut {start}, et {start} n'est pas strictement plus grand que {threshold} : "
            "la condition est fausse, c'est le bloc else qui s'exécute."
        )
    else:
        why = f"Vérifie la condition : {condition}, donc c'est l'autre bloc qui s'exécute."
    return Draft(
        skill="donnees.algorithmique.programme",
        text=_ask(_program(lines), "Qu'affiche ce programme ?"),
        expected=expected,
        kind="number",
        hints=(
            "Un seul des deux blocs s'exécute : celui du if si la condition est vraie, sinon "
            "celui du else.",
            f"Ici, n vaut {start}. Est-ce que {start} > {threshold} ? « > » veut dire "
            "strictement plus grand.",
            f"{condition}.",
        ),
        solution=(
            f"n vaut {start}. {condition}, donc on exécute le bloc "
            f"{'if' if true else 'else'} : n devient {expected}. Le programme affiche {expected}."
        ),
        misconceptions=(
            (other, "wrong_branch", why),
            (
                sympy.Integer(start * factor + extra if true else (start + extra) * factor),
                "ran_both_blocks",
                "Tu as exécuté les deux blocs. Avec if et else, un seul bloc s'exécute.",
            ),
            (
                sympy.Integer(start),
                "ignored_blocks",
                "Tu as donné la valeur de départ. Un des deux blocs change n avant l'affichage.",
            ),
        ),
    )


def _sum_loop(rng: random.Random) -> Draft:
    first = rng.randint(1, 6)
    stop = first + rng.randint(3, 7)
    lines = [
        (_assign("s", "0"), ""),
        (
            Text(
                f"for i in range({first}, {stop}):",
                f"pour i dans range de {int_words(first)} et {int_words(stop)}",
            ),
            "",
        ),
        (_assign("s", "s + i"), "la boucle"),
        (_print("s"), ""),
    ]
    values = list(range(first, stop))
    expected = sympy.Integer(sum(values))
    return Draft(
        skill="donnees.algorithmique.programme",
        text=_ask(_program(lines), "Qu'affiche ce programme ?"),
        expected=expected,
        kind="number",
        hints=(
            "Fais un tableau : à chaque tour de boucle, note i puis la nouvelle valeur de s.",
            f"range({first}, {stop}) donne les entiers de {first} à {stop - 1} : {stop} n'est "
            "pas compris.",
            f"i prend les valeurs {', '.join(map(str, values))} ; s les additionne.",
        ),
        solution=(
            f"i prend les valeurs {', '.join(map(str, values))}. s = "
            f"{' + '.join(map(str, values))} = {expected}. Le programme affiche {expected}."
        ),
        misconceptions=(
            (
                sympy.Integer(sum(values) + stop),
                "range_includes_end",
                f"Tu as compté {stop}. range({first}, {stop}) s'arrête avant {stop} : le "
                f"dernier i est {stop - 1}.",
            ),
            (
                sympy.Integer(stop - 1),
                "printed_counter",
                "Tu as donné la dernière valeur de i. Le programme affiche s, la somme.",
            ),
            (
                sympy.Integer(len(values)),
                "counted_turns",
                "Tu as compté les tours de boucle. À chaque tour, on ajoute i à s.",
            ),
        ),
    )


@register("algorithmics.loop_count", topic="algorithmique", domain="donnees")
def loop_count(rng: random.Random, level: int) -> Draft:
    """How many times a loop runs. Level 1: range(n). Level 2: range(a, b). Level 3: a while
    loop with a step that does not divide the distance."""
    if level < 3:
        start = 0 if level == 1 else rng.randint(2, 9)
        stop = start + rng.randint(3, 12)
        header = (
            Text(f"for i in range({stop}):", f"pour i dans range de {int_words(stop)}")
            if level == 1
            else Text(
                f"for i in range({start}, {stop}):",
                f"pour i dans range de {int_words(start)} et {int_words(stop)}",
            )
        )
        word = rng.choice(WORDS)
        lines = [(header, ""), (Text(f'print("{word}")', f"afficher {word}"), "la boucle")]
        expected = sympy.Integer(stop - start)
        values = f"i prend les valeurs de {start} à {stop - 1}"
        return Draft(
            skill="donnees.algorithmique.boucle",
            text=_ask(_program(lines), f"Combien de fois ce programme affiche-t-il {word} ?"),
            expected=expected,
            kind="number",
            hints=(
                f"La boucle affiche {word} une fois par valeur de i.",
                f"range s'arrête juste avant {stop} : {stop} n'est pas compris.",
                f"{values}.",
            ),
            solution=f"{values}, soit {stop} − {start} = {expected} valeurs : {word} est "
            f"affiché {expected} fois.",
            misconceptions=(
                (
                    expected + 1,
                    "range_includes_end",
                    f"Tu as compté {stop}. range s'arrête avant {stop} : le dernier i est "
                    f"{stop - 1}.",
                ),
                (
                    expected - 1,
                    "missed_first_value",
                    f"Tu as oublié un tour : le premier i vaut {start}, et ce tour compte aussi.",
                )
                if level == 1
                else (
                    sympy.Integer(stop),
                    "counted_from_zero",
                    f"Tu as compté à partir de 0. Ici, i commence à {start}.",
                ),
            ),
        )
    start, step = rng.randint(0, 5), rng.randint(2, 5)
    while True:
        stop = start + rng.randint(7, 30)
        if (stop - start) % step:
            break
    turns = math.ceil((stop - start) / step)
    lines = [
        (_assign("x", str(start)), ""),
        (_assign("c", "0"), ""),
        (Text(f"while x < {stop}:", f"tant que x est plus petit que {int_words(stop)}"), ""),
        (_assign("x", f"x + {step}"), "la boucle"),
        (_assign("c", "c + 1"), "la boucle"),
        (_print("c"), ""),
    ]
    reached = start + turns * step
    return Draft(
        skill="donnees.algorithmique.boucle",
        text=_ask(_program(lines), "Qu'affiche ce programme ?"),
        expected=sympy.Integer(turns),
        kind="number",
        hints=(
            "c compte les tours de boucle. Fais un tableau des valeurs de x et de c.",
            f"La boucle continue tant que x < {stop}. Elle s'arrête dès que x atteint ou "
            f"dépasse {stop}.",
            f"x vaut {start}, puis {start + step}, puis {start + 2 * step}…",
        ),
        solution=(
            f"x augmente de {step} à chaque tour : après {turns} tours, x = {reached}, et "
            f"{reached} n'est pas plus petit que {stop} : la boucle s'arrête. Le programme "
            f"affiche {turns}."
        ),
        misconceptions=(
            (
                sympy.Integer(turns - 1),
                "missed_last_turn",
                f"Tu as oublié le dernier tour : quand x = {reached - step}, la condition "
                f"x < {stop} est encore vraie, donc la boucle tourne encore une fois.",
            ),
            (
                sympy.Integer(reached),
                "printed_x",
                "Tu as donné la valeur finale de x. Le programme affiche c, le nombre de tours.",
            ),
            (
                sympy.Integer(stop - start),
                "counted_units",
                f"x n'augmente pas de 1 mais de {step} à chaque tour.",
            ),
        ),
    )
