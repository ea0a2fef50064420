"""The skill map (curriculum/skills.yml) as typed, checked data.

The map is content, kept as YAML so a teacher can read and amend it; this module turns it into
frozen records once per process and refuses a broken map (unknown prerequisite, cycle) at load,
because the recommender's readiness rule silently misbehaves on either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SKILLS_FILE = Path(__file__).resolve().parents[2] / "curriculum" / "skills.yml"
DEFAULT_SECONDS = 60


@dataclass(frozen=True)
class Skill:
    """One skill: what the student learns to do, where it sits, and what it needs first."""

    id: str  # `<domain>.<competence>.<skill>`, or the content's own id given in the YAML
    subject: str
    domain: str
    competence: str  # for maths, the conversation topic
    name: str  # infinitive phrase: « simplifier une fraction »
    competence_name: str  # with its article: « les fractions »
    domain_name: str
    cycle4: str
    requires: tuple[str, ...]
    involves: tuple[str, ...]
    memory: bool
    seconds: int


@dataclass(frozen=True)
class SkillMap:
    """All skills by id, in file order (the fixed curriculum order), and the domains."""

    skills: dict[str, Skill]
    domains: dict[str, tuple[str, str]]  # domain id → (subject, French name)

    def get(self, skill_id: str) -> Skill | None:
        return self.skills.get(skill_id)

    def covers(self, target: str, skill_id: str) -> bool:
        """Whether a target (a skill id, a competence `domain.competence` or a domain) covers
        a skill; teachers assign work at any of these grains."""
        skill = self.skills.get(skill_id)
        if skill is None:
            return skill_id == target or skill_id.startswith(target + ".")
        return target in (skill.id, skill.domain, f"{skill.domain}.{skill.competence}")

    def under(self, target: str) -> list[Skill]:
        """Skills a target names (see `covers`)."""
        return [s for s in self.skills.values() if self.covers(target, s.id)]

    def of_topic(self, topic: str) -> list[Skill]:
        """Maths skills of a conversation topic (the competence part of the id)."""
        return [s for s in self.skills.values() if s.subject == "maths" and s.competence == topic]

    def of_domain(self, domain: str) -> list[Skill]:
        return [s for s in self.skills.values() if s.domain == domain]


def parse(document: dict) -> SkillMap:
    """Build and check a map from the YAML document (separate from the file for tests)."""
    skills: dict[str, Skill] = {}
    domains: dict[str, tuple[str, str]] = {}
    for subject, subject_doc in document["subjects"].items():
        for domain, domain_doc in subject_doc["domains"].items():
            domains[domain] = (subject, domain_doc["name"])
            for competence, comp_doc in domain_doc["competences"].items():
                for key, doc in comp_doc["skills"].items():
                    skill_id = doc.get("id", f"{domain}.{competence}.{key}")
                    if skill_id in skills:
                        raise ValueError(f"skill {skill_id} defined twice")
                    skills[skill_id] = Skill(
                        id=skill_id,
                        subject=subject,
                        domain=domain,
                        competence=competence,
                        name=doc["name"],
                        competence_name=comp_doc["name"],
                        domain_name=domain_doc["name"],
                        cycle4=doc.get("cycle4", ""),
                        requires=tuple(doc.get("requires", ())),
                        involves=tuple(doc.get("involves", ())),
                        memory=bool(doc.get("memory", False)),
                        seconds=int(doc.get("seconds", DEFAULT_SECONDS)),
                    )
    skill_map = SkillMap(skills, domains)
    check(skill_map)
    return skill_map


def check(skill_map: SkillMap) -> None:
    """Every link names a known skill and the prerequisite graph has no cycle."""
    for skill in skill_map.skills.values():
        for other in skill.requires + skill.involves:
            if other not in skill_map.skills:
                raise ValueError(f"{skill.id} links to unknown skill {other}")
    cycle = find_cycle(skill_map)
    if cycle:
        raise ValueError("prerequisite cycle: " + " → ".join(cycle))


def find_cycle(skill_map: SkillMap) -> list[str]:
    """A prerequisite cycle as a path of ids, or [] (depth-first search with colours)."""
    colour: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(skill_id: str) -> list[str]:
        colour[skill_id] = 1
        path.append(skill_id)
        for required in skill_map.skills[skill_id].requires:
            if colour.get(required) == 1:
                return path[path.index(required) :] + [required]
            if required not in colour and (found := visit(required)):
                return found
        path.pop()
        colour[skill_id] = 2
        return []

    for skill_id in skill_map.skills:
        if skill_id not in colour and (found := visit(skill_id)):
            return found
    return []


@cache
def load(path: Path = SKILLS_FILE) -> SkillMap:
    """The skill map of the file, parsed and checked once per process."""
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))
