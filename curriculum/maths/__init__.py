"""Maths exercise generators for the seconde programme.

Importing the package registers every generator family in ``GENERATORS``; use ``generate`` to
build an item and ``generators_for_topic`` to map a conversation topic to generator ids.
"""

from importlib import import_module

from curriculum.maths.items import (
    GENERATORS,
    TOPICS,
    MathItem,
    Misconception,
    generate,
    generators_for_topic,
)

# One module per family, imported for its registrations. The order is the order of
# ``generators_for_topic``.
FAMILIES: tuple[str, ...] = (
    "data_statistics",
    "equations",
    "fractions",
    "percentages",
    "proportionality",
    "pythagoras",
    # nombres et calculs, calcul littéral
    "relative_numbers",
    "powers",
    "scientific_notation",
    "square_roots",
    "arithmetic",
    "fraction_operations",
    "percentage_changes",
    "expand",
    "factorise",
    "identities",
    "inequalities",
    "word_equations",
    # géométrie, données, algorithmique
    "thales",
    "trigonometry",
    "areas_volumes",
    "transformations",
    "coordinates",
    "probability",
    "graphs_tables",
    "functions",
    "statistics_more",
    "map_scale",
    "speed",
    "algorithmics",
    "foundations",
)


def _register_families() -> None:
    """Import each family; a family still being written is skipped, but an import error
    inside a family that exists is raised, never hidden."""
    for family in FAMILIES:
        name = f"{__name__}.{family}"
        try:
            import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


_register_families()

__all__ = [
    "FAMILIES",
    "GENERATORS",
    "TOPICS",
    "MathItem",
    "Misconception",
    "generate",
    "generators_for_topic",
]
