"""The skill map: every maths generator's skills are in it, links are known, no cycles."""

import pytest

from assistant.engine import catalogue
from assistant.engine.skill_map import find_cycle, load, parse
from curriculum.french import bank as french_bank
from curriculum.langue import bank as langue_bank
from curriculum.maths.items import GENERATORS, LEVELS, generate

POSITIONING_DOMAINS = {
    "maths": {"nombres_calculs", "calcul_litteral", "geometrie", "donnees"},
    "francais": {"comprehension_oral", "comprehension_ecrit", "etude_langue"},
}


def tiny(requires_a: list[str]) -> dict:
    """A two-skill map where `a` requires what it is given and `b` requires `a`."""
    skills = {"a": {"name": "faire a", "requires": requires_a}, "b": {"name": "faire b"}}
    skills["b"]["requires"] = ["d.c.a"]
    competence = {"c": {"name": "le c", "skills": skills}}
    return {
        "subjects": {"s": {"name": "S", "domains": {"d": {"name": "d", "competences": competence}}}}
    }


def test_every_generator_skill_is_in_the_map():
    skills = load().skills
    missing = {
        (generator, generate(generator, level, seed).skill)
        for generator in GENERATORS
        for level in LEVELS
        for seed in range(8)
        if generate(generator, level, seed).skill not in skills
    }
    assert missing == set()


def test_every_french_content_skill_is_in_the_map():
    skills = load().skills
    assert set(french_bank.skill_ids()) <= skills.keys()
    assert {m.skill for m in langue_bank.modules()} <= skills.keys()
    reading = skills["francais.comprehension_ecrit.literal"]
    assert (reading.domain, reading.subject) == ("comprehension_ecrit", "francais")


def test_a_domain_or_competence_target_covers_its_skills():
    skill_map = load()
    assert skill_map.covers("comprehension_ecrit", "francais.comprehension_ecrit.inferential")
    assert skill_map.covers("nombres_calculs.fractions", "nombres_calculs.fractions.simplifier")
    assert not skill_map.covers("geometrie", "nombres_calculs.fractions.simplifier")


def test_the_catalogue_offers_every_generator_skill_at_its_levels():
    offered = catalogue.levels_by_skill()
    assert offered["geometrie.pythagore.cote"].keys() <= set(LEVELS)
    assert all(catalogue.available(skill) for skill in offered)
    item = catalogue.draw("geometrie.pythagore.cote", 3, "key")
    assert item.skill == "geometrie.pythagore.cote" and item.level == 3
    assert catalogue.draw("geometrie.pythagore.cote", 3, "key") == item


def test_domains_are_those_of_the_positioning_test():
    domains = load().domains
    for subject, expected in POSITIONING_DOMAINS.items():
        assert {d for d, (s, _) in domains.items() if s == subject} == expected


def test_the_real_map_has_no_cycle_and_known_links():
    skill_map = load()
    assert find_cycle(skill_map) == []
    for skill in skill_map.skills.values():
        assert set(skill.requires) <= skill_map.skills.keys()
        assert skill.name and skill.cycle4
    memory = [s.id for s in skill_map.skills.values() if s.memory]
    assert "francais.etude_langue.vocabulaire" in memory
    assert "francais.etude_langue.accords" in memory
    assert any(s.startswith("nombres_calculs.") for s in memory)


def test_a_cycle_is_refused_at_load():
    with pytest.raises(ValueError, match="cycle"):
        parse(tiny(["d.c.b"]))


def test_an_unknown_prerequisite_is_refused_at_load():
    with pytest.raises(ValueError, match="unknown"):
        parse(tiny(["d.c.nowhere"]))


def test_a_sound_tiny_map_loads():
    skill_map = parse(tiny([]))
    assert list(skill_map.skills) == ["d.c.a", "d.c.b"]
    assert [s.id for s in skill_map.under("d.c")] == ["d.c.a", "d.c.b"]
