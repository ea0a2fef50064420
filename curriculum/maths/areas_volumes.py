"""Areas, volumes and unit conversions, each shape described by its measures in words.

Areas: triangle, trapezium, disc. Volumes: cuboid, cylinder, cone. Conversions: lengths and
capacities, then areas (where ×100 becomes ×10 000), then volumes to litres. The errors named
are the usual ones: the perimeter for the area, the diameter for the radius, a forgotten ÷ 2
or ÷ 3, and a length conversion factor used for an area.
"""

from __future__ import annotations

import random

import sympy

from curriculum.maths.items import TENTH, Draft, number, register, render
from curriculum.maths.wording import ROUNDING, unit_name

# Largest value a choice can show: items.number reads numbers aloud below a million only.
READABLE = 10**6


def _rounded(value: sympy.Expr) -> tuple[str, float | None]:
    """The rounding request for π-results; exact whole or decimal results need none."""
    return ("", None) if value.is_Rational else (ROUNDING, TENTH)


def _result(value: sympy.Expr, unit: str) -> str:
    """« = 12 cm² » or « ≈ 28,3 cm² »."""
    if value.is_Rational:
        return f"= {number(value, unit).written}"
    return f"≈ {number(value, unit, 'rounded').written}"


def _pi_step(coefficient: sympy.Expr) -> str:
    """« π × 9 » written for the solution, with the product of the other factors."""
    return f"π × {number(coefficient).written}"


@register("areas_volumes.area", topic="aires_volumes", domain="geometrie")
def area(rng: random.Random, level: int) -> Draft:
    """Level 1: a triangle. Level 2: a trapezium. Level 3: a disc, from its radius or its
    diameter, rounded to the tenth."""
    unit, square = ("cm", "cm²") if rng.random() < 0.6 else ("m", "m²")
    if level == 1:
        base, height = rng.randint(3, 15), rng.randint(2, 12)
        value = sympy.Rational(base * height, 2)
        text = render(
            "Un triangle a une base de {b} et une hauteur relative à cette base de {h}. "
            "Calcule son aire en {u}.",
            b=number(base, unit),
            h=number(height, unit),
            u=unit_name(square),
        )
        formula = "Aire du triangle = base × hauteur ÷ 2"
        step = f"{base} × {height} ÷ 2"
        errors = (
            (
                sympy.Integer(base * height),
                "forgot_half",
                "Tu as oublié de diviser par 2. Un triangle, c'est la moitié d'un rectangle : "
                "base × hauteur ÷ 2.",
            ),
            (
                sympy.Integer(base + height),
                "added_lengths",
                "Tu as additionné les longueurs. Une aire se calcule avec une multiplication : "
                "base × hauteur ÷ 2.",
            ),
            (
                sympy.Rational(base + height, 2),
                "added_then_halved",
                "Tu as additionné la base et la hauteur. Il faut les multiplier, puis diviser "
                "par 2.",
            ),
        )
    elif level == 2:
        small = rng.randint(2, 10)
        big, height = rng.randint(small + 2, small + 10), rng.randint(2, 10)
        value = sympy.Rational((big + small) * height, 2)
        text = render(
            "Un trapèze a deux côtés parallèles, ses bases, qui mesurent {B} et {b}. La "
            "distance entre ces deux bases, la hauteur, est de {h}. Calcule son aire en {u}.",
            B=number(big, unit),
            b=number(small, unit),
            h=number(height, unit),
            u=unit_name(square),
        )
        formula = "Aire du trapèze = (grande base + petite base) × hauteur ÷ 2"
        step = f"({big} + {small}) × {height} ÷ 2"
        errors = (
            (
                sympy.Integer((big + small) * height),
                "forgot_half",
                "Tu as oublié de diviser par 2 : (grande base + petite base) × hauteur ÷ 2.",
            ),
            (
                sympy.Integer(big * height),
                "used_one_base",
                "Tu as utilisé une seule base. Un trapèze a deux bases : on les additionne "
                "d'abord.",
            ),
            (
                sympy.Rational(big * small * height, 2),
                "multiplied_bases",
                "Tu as multiplié les deux bases. Il faut les additionner : "
                "(grande base + petite base) × hauteur ÷ 2.",
            ),
        )
    else:
        radius = rng.randint(2, 15)
        by_diameter = rng.random() < 0.5
        value = sympy.pi * radius**2
        given = render(
            "un diamètre de {d}" if by_diameter else "un rayon de {r}",
            d=number(2 * radius, unit),
            r=number(radius, unit),
        )
        text = render(
            "Un disque a {g}. Calcule son aire en {u}.{r}",
            g=given,
            u=unit_name(square),
            r=ROUNDING,
        )
        radius_step = f"Le rayon est la moitié du diamètre : {2 * radius} ÷ 2 = {radius}. "
        formula = (radius_step if by_diameter else "") + "Aire du disque = π × rayon × rayon"
        step = f"π × {radius} × {radius} = {_pi_step(sympy.Integer(radius**2))}"
        errors = (
            (
                2 * sympy.pi * radius,
                "perimeter_instead_of_area",
                "Tu as calculé le périmètre du cercle (2 × π × rayon). L'aire du disque, c'est "
                "π × rayon × rayon.",
            ),
            (
                sympy.pi * radius,
                "forgot_square",
                "Tu as oublié de mettre le rayon au carré : π × rayon × rayon.",
            ),
            (
                sympy.pi * (2 * radius) ** 2,
                "diameter_for_radius",
                "Tu as utilisé le diamètre à la place du rayon. Le rayon, c'est la moitié "
                "du diamètre.",
            ),
        )
    tolerance = _rounded(value)[1]
    return Draft(
        skill="geometrie.aires_volumes.aire",
        text=text,
        expected=value,
        kind="number",
        unit=square,
        tolerance=tolerance,
        hints=(
            "L'aire mesure la surface à l'intérieur de la figure, en unités carrées.",
            f"{formula}.",
            f"Calcule {step}.",
        ),
        solution=f"{formula}. Aire = {step} {_result(value, square)}.",
        misconceptions=errors,
    )


SOLIDS = {
    "pavé": "Une boîte a la forme d'un pavé droit de longueur {L}, de largeur {l} et de "
    "hauteur {h}.",
    "cylindre": "Une boîte de conserve a la forme d'un cylindre de rayon {r} et de hauteur {h}.",
    "cône": "Un cornet de glace a la forme d'un cône de rayon {r} et de hauteur {h}.",
}


@register("areas_volumes.volume", topic="aires_volumes", domain="geometrie")
def volume(rng: random.Random, level: int) -> Draft:
    """Level 1: a cuboid. Level 2: a cylinder. Level 3: a cone (÷ 3). In cm³."""
    height = rng.randint(3, 20)
    if level == 1:
        length, width = rng.randint(4, 30), rng.randint(2, 15)
        value = sympy.Integer(length * width * height)
        text = render(
            SOLIDS["pavé"], L=number(length, "cm"), l=number(width, "cm"), h=number(height, "cm")
        )
        formula = "Volume du pavé = longueur × largeur × hauteur"
        step = f"{length} × {width} × {height}"
        errors = (
            (
                sympy.Integer(length + width + height),
                "added_lengths",
                "Tu as additionné les longueurs. Un volume se calcule en multipliant : "
                "longueur × largeur × hauteur.",
            ),
            (
                sympy.Integer(length * width),
                "base_area_only",
                "Tu as calculé l'aire du fond. Il faut encore multiplier par la hauteur.",
            ),
            (
                sympy.Integer(2 * (length * width + width * height + length * height)),
                "surface_instead_of_volume",
                "Tu as calculé l'aire de toutes les faces. Le volume, c'est ce que la boîte "
                "contient : longueur × largeur × hauteur.",
            ),
        )
    else:
        radius = rng.randint(2, 10)
        third = sympy.Rational(1, 3) if level == 3 else 1
        value = sympy.pi * radius**2 * height * third
        text = render(
            SOLIDS["cône" if level == 3 else "cylindre"],
            r=number(radius, "cm"),
            h=number(height, "cm"),
        )
        base = f"π × {radius} × {radius}"
        if level == 3:
            formula = "Volume du cône = aire de la base × hauteur ÷ 3"
            step = f"{base} × {height} ÷ 3"
        else:
            formula = "Volume du cylindre = aire de la base × hauteur"
            step = f"{base} × {height}"
        errors = [
            (
                sympy.pi * radius * height * third,
                "forgot_square",
                "Tu as oublié de mettre le rayon au carré : l'aire de la base, c'est "
                "π × rayon × rayon.",
            ),
            (
                sympy.pi * (2 * radius) ** 2 * height * third,
                "diameter_for_radius",
                "Tu as utilisé le diamètre à la place du rayon.",
            ),
        ]
        if level == 3:
            errors.append(
                (
                    sympy.pi * radius**2 * height,
                    "forgot_third",
                    "Tu as calculé le volume d'un cylindre. Un cône, c'est trois fois moins : "
                    "divise par 3.",
                )
            )
        else:
            errors.append(
                (
                    2 * sympy.pi * radius * height,
                    "lateral_area",
                    "Tu as calculé l'aire de la paroi (2 × π × rayon × hauteur). Le volume, "
                    "c'est l'aire de la base × la hauteur.",
                )
            )
        errors = tuple(errors)
    rounding, tolerance = _rounded(value)
    return Draft(
        skill="geometrie.aires_volumes.volume",
        text=render(
            "{t} Calcule son volume en {u}.{r}",
            t=text,
            u=unit_name("cm³"),
            r=rounding,
        ),
        expected=value,
        kind="number",
        unit="cm³",
        tolerance=tolerance,
        hints=(
            "Le volume, c'est la place à l'intérieur du solide. Pense à la formule du solide.",
            f"{formula}.",
            f"Calcule {step}.",
        ),
        solution=f"{formula}. Volume = {step} {_result(value, 'cm³')}.",
        misconceptions=errors,
    )


# (from, to, factor, slips): the value in « to » is the value in « from » × factor; each slip
# is a factor students use instead, with what to say about it.
Slip = tuple[sympy.Rational, str, str]
CONVERSIONS: dict[int, tuple[tuple[str, str, sympy.Rational, tuple[Slip, ...]], ...]] = {
    1: (
        (
            "m",
            "cm",
            sympy.Integer(100),
            (
                (
                    sympy.Integer(10),
                    "wrong_factor",
                    "Tu as multiplié par 10 au lieu de 100 : 1 m = 100 cm.",
                ),
            ),
        ),
        (
            "km",
            "m",
            sympy.Integer(1000),
            (
                (
                    sympy.Integer(100),
                    "wrong_factor",
                    "Tu as multiplié par 100 au lieu de 1000 : 1 km = 1000 m.",
                ),
            ),
        ),
        (
            "cm",
            "m",
            sympy.Rational(1, 100),
            (
                (
                    sympy.Rational(1, 10),
                    "wrong_factor",
                    "Tu as divisé par 10 au lieu de 100 : 1 m = 100 cm.",
                ),
            ),
        ),
        (
            "L",
            "cL",
            sympy.Integer(100),
            (
                (
                    sympy.Integer(10),
                    "wrong_factor",
                    "Tu as multiplié par 10 au lieu de 100 : 1 L = 100 cL.",
                ),
            ),
        ),
        (
            "mL",
            "L",
            sympy.Rational(1, 1000),
            (
                (
                    sympy.Rational(1, 100),
                    "wrong_factor",
                    "Tu as divisé par 100 au lieu de 1000 : 1 L = 1000 mL.",
                ),
            ),
        ),
        (
            "kg",
            "g",
            sympy.Integer(1000),
            (
                (
                    sympy.Integer(100),
                    "wrong_factor",
                    "Tu as multiplié par 100 au lieu de 1000 : 1 kg = 1000 g.",
                ),
            ),
        ),
    ),
    2: (
        (
            "m²",
            "cm²",
            sympy.Integer(10_000),
            (
                (
                    sympy.Integer(100),
                    "length_factor_for_area",
                    "Tu as converti comme une longueur. Pour une aire, 1 m = 100 cm donne "
                    "1 m² = 100 × 100 = 10000 cm².",
                ),
            ),
        ),
        (
            "cm²",
            "m²",
            sympy.Rational(1, 10_000),
            (
                (
                    sympy.Rational(1, 100),
                    "length_factor_for_area",
                    "Tu as converti comme une longueur. Pour une aire, 1 m = 100 cm donne "
                    "1 m² = 100 × 100 = 10000 cm² : on divise par 10000.",
                ),
                (
                    sympy.Rational(1, 1000),
                    "volume_factor_for_area",
                    "Tu as divisé par 1000, c'est pour les volumes. Pour une aire, "
                    "1 m² = 100 × 100 = 10000 cm² : on divise par 10000.",
                ),
            ),
        ),
    ),
    3: (
        (
            "cm³",
            "L",
            sympy.Rational(1, 1000),
            (
                (
                    sympy.Rational(1, 100),
                    "wrong_factor",
                    "Tu as divisé par 100 au lieu de 1000. 1 L = 1 dm³ = 1000 cm³ : un litre, "
                    "c'est un cube de 10 cm de côté.",
                ),
            ),
        ),
        (
            "m³",
            "L",
            sympy.Integer(1000),
            (
                (
                    sympy.Integer(1),
                    "litre_is_cubic_metre",
                    "Un litre, ce n'est pas un mètre cube. 1 L = 1 dm³, et 1 m³ = 1000 dm³ "
                    "= 1000 L.",
                ),
            ),
        ),
        (
            "dm³",
            "mL",
            sympy.Integer(1000),
            (
                (
                    sympy.Integer(100),
                    "wrong_factor",
                    "Tu as multiplié par 100 au lieu de 1000 : 1 dm³ = 1 L = 1000 mL.",
                ),
            ),
        ),
    ),
}


def _readable(value: sympy.Rational) -> bool:
    """A value a choice can show and read aloud: below a million, at most two decimals."""
    return value < READABLE // 2 and (value * 100).is_Integer


@register("areas_volumes.conversion", topic="aires_volumes", domain="geometrie")
def conversion(rng: random.Random, level: int) -> Draft:
    """Level 1: lengths, capacities, masses. Level 2: areas. Level 3: volumes to capacities."""
    source, target, factor, slips = rng.choice(CONVERSIONS[level])
    bigger = factor > 1  # to a smaller unit: the number grows
    while True:
        given = sympy.Integer(rng.randint(1, 999)) * sympy.Rational(10) ** rng.randint(-2, 4)
        value = given * factor
        errors = [(given * used, code, why) for used, code, why in slips]
        errors.append(
            (
                given / factor,
                "wrong_direction",
                f"Tu as {'divisé' if bigger else 'multiplié'} au lieu de "
                f"{'multiplier' if bigger else 'diviser'}. On passe à une unité plus "
                f"{'petite' if bigger else 'grande'} : le nombre devient plus "
                f"{'grand' if bigger else 'petit'}.",
            )
        )
        errors = [e for e in errors if e[0] < READABLE]
        if (
            _readable(given)
            and _readable(value)
            and value >= sympy.Rational(1, 10)
            and len(errors) >= 2
        ):
            break
    relation = (
        f"1 {source} = {number(factor).written} {target}"
        if bigger
        else f"1 {target} = {number(1 / factor).written} {source}"
    )
    operation = f"{'×' if bigger else '÷'} {number(factor if bigger else 1 / factor).written}"
    return Draft(
        skill="geometrie.aires_volumes.conversion",
        text=render("Convertis {g} en {u}.", g=number(given, source), u=unit_name(target)),
        expected=value,
        kind="number",
        unit=target,
        hints=(
            f"Le {unit_name(target, plural=False).spoken} est une unité plus "
            f"{'petite' if bigger else 'grande'} que le {unit_name(source, plural=False).spoken}"
            f" : le nombre doit devenir plus {'grand' if bigger else 'petit'}.",
            f"Retiens : {relation}.",
            f"Calcule {number(given).written} {operation}.",
        ),
        solution=(
            f"{relation}, donc {number(given, source).written} = {number(given).written} "
            f"{operation} {target} = {number(value, target).written}."
        ),
        misconceptions=tuple(errors),
    )
