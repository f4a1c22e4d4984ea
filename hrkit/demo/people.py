"""The demo's people: 50 employees in a manager tree and 30 candidates, all fictional."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hrkit.model.enums import PersonKind
from hrkit.store.repositories import PeopleRepository
from hrkit.store.scope import Scope
from hrkit.store.tables import Person

EMPLOYEE_DOMAIN = "demo.example"
CANDIDATE_DOMAIN = "mail.example"
# Letters NFKD does not decompose into an ASCII base letter (dotless i, o with stroke, l with
# stroke, sharp s), and apostrophes, which email local parts here leave out.
_ASCII = str.maketrans(
    {"\u0131": "i", "\u00f8": "o", "\u0142": "l", "\u00df": "ss", "'": "", "\u2019": ""}
)


@dataclass(frozen=True)
class DemoPerson:
    external_id: str
    first: str
    last: str
    kind: PersonKind
    track: str  # which badges they hold: backend, data, platform, quality, lead
    department: str | None = None
    title: str | None = None
    manager: str | None = None  # the manager's external_id
    position: str | None = None  # candidates: the role applied for

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def email(self) -> str:
        domain = EMPLOYEE_DOMAIN if self.kind is PersonKind.EMPLOYEE else CANDIDATE_DOMAIN
        return f"{_ascii(self.first)}.{_ascii(self.last)}@{domain}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower().translate(_ASCII))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return "-".join(plain.split())


DEPARTMENTS = {
    "lead": "Technology",
    "backend": "Backend Engineering",
    "data": "Data & Analytics",
    "platform": "Platform Engineering",
    "quality": "Quality Engineering",
}
# (external id, first name, last name, track, title, manager's external id); managers first.
_EMPLOYEES = (
    ("E1001", "Amara", "Okafor", "lead", "Chief Technology Officer", None),
    ("E1002", "Mateo", "Fernández", "backend", "Director of Backend Engineering", "E1001"),
    ("E1003", "Priya", "Raghunathan", "data", "Director of Data & Analytics", "E1001"),
    ("E1004", "Lars", "Henriksen", "platform", "Director of Platform Engineering", "E1001"),
    ("E1005", "Yuki", "Tanabe", "quality", "Director of Quality Engineering", "E1001"),
    ("E1006", "Chiara", "Bellini", "backend", "Engineering Manager, Payments", "E1002"),
    ("E1007", "Tomasz", "Wiśniewski", "backend", "Engineering Manager, Core Services", "E1002"),
    ("E1008", "Fatima Zahra", "Benali", "data", "Analytics Manager", "E1003"),
    ("E1009", "Daniel", "Osei", "data", "Data Engineering Manager", "E1003"),
    ("E1010", "Ingrid", "Solberg", "platform", "Platform Manager", "E1004"),
    ("E1011", "Rafael", "Costa", "platform", "Site Reliability Manager", "E1004"),
    ("E1012", "Mei Ling", "Chen", "quality", "QA Manager", "E1005"),
    ("E1013", "Kwame", "Asante", "quality", "Test Automation Manager", "E1005"),
    ("E1014", "Sofia", "Marino", "backend", "Senior Backend Engineer", "E1006"),
    ("E1015", "Arjun", "Mehta", "backend", "Backend Engineer", "E1006"),
    ("E1016", "Emily", "Clarke", "backend", "Backend Engineer", "E1006"),
    ("E1017", "Hiroshi", "Sato", "backend", "Senior Backend Engineer", "E1006"),
    ("E1018", "Leila", "Haddad", "backend", "Junior Backend Engineer", "E1006"),
    ("E1019", "Noah", "Fischer", "backend", "Staff Engineer", "E1007"),
    ("E1020", "Zanele", "Dube", "backend", "Backend Engineer", "E1007"),
    ("E1021", "Oliver", "Grant", "backend", "Backend Engineer", "E1007"),
    ("E1022", "Camila", "Reyes", "backend", "Senior Backend Engineer", "E1007"),
    ("E1023", "Mikhail", "Petrov", "backend", "Junior Backend Engineer", "E1007"),
    ("E1024", "Aisha", "Rahman", "data", "Senior Data Analyst", "E1008"),
    ("E1025", "Lucas", "Moreau", "data", "Data Analyst", "E1008"),
    ("E1026", "Hannah", "Becker", "data", "Data Analyst", "E1008"),
    ("E1027", "Diego", "Álvarez", "data", "BI Developer", "E1008"),
    ("E1028", "Nkechi", "Eze", "data", "Junior Data Analyst", "E1008"),
    ("E1029", "Sven", "Lindqvist", "data", "Data Engineer", "E1009"),
    ("E1030", "Ana Luísa", "Pereira", "data", "Senior Data Engineer", "E1009"),
    ("E1031", "Jamal", "Wright", "data", "Data Engineer", "E1009"),
    ("E1032", "Elif", "Kaya", "data", "Analytics Engineer", "E1009"),
    ("E1033", "Grace", "Kim", "data", "Data Scientist", "E1009"),
    ("E1034", "Pedro", "Santos", "platform", "Platform Engineer", "E1010"),
    ("E1035", "Olga", "Novak", "platform", "Senior Platform Engineer", "E1010"),
    ("E1036", "Ravi", "Kumar", "platform", "Platform Engineer", "E1010"),
    ("E1037", "Freya", "Hansen", "platform", "Cloud Engineer", "E1010"),
    ("E1038", "Samuel", "Adeyemi", "platform", "Site Reliability Engineer", "E1011"),
    ("E1039", "Julia", "Nowak", "platform", "Site Reliability Engineer", "E1011"),
    ("E1040", "Kenji", "Watanabe", "platform", "Senior SRE", "E1011"),
    ("E1041", "Isabel", "Ortiz", "platform", "DevOps Engineer", "E1011"),
    ("E1042", "Tariq", "Aziz", "platform", "Junior SRE", "E1011"),
    ("E1043", "Chloé", "Dubois", "quality", "QA Engineer", "E1012"),
    ("E1044", "Marek", "Horvat", "quality", "Senior QA Engineer", "E1012"),
    ("E1045", "Nadia", "Petrović", "quality", "QA Engineer", "E1012"),
    ("E1046", "Ethan", "Brooks", "quality", "Accessibility Tester", "E1012"),
    ("E1047", "Sara", "Lindgren", "quality", "Test Automation Engineer", "E1013"),
    ("E1048", "Omar", "Farouk", "quality", "Test Automation Engineer", "E1013"),
    ("E1049", "Ngozi", "Okonkwo", "quality", "Senior Test Engineer", "E1013"),
    ("E1050", "Vikram", "Singh", "quality", "Performance Test Engineer", "E1013"),
)
# (external id, first name, last name, position applied for)
_CANDIDATES = (
    ("C2001", "Valentina", "Rossi", "Backend Engineer"),
    ("C2002", "Ahmed", "Hassan", "Data Analyst"),
    ("C2003", "Bianca", "Ionescu", "Backend Engineer"),
    ("C2004", "Wei", "Chen", "Data Analyst"),
    ("C2005", "Dmitri", "Volkov", "Backend Engineer"),
    ("C2006", "Esther", "Mensah", "Data Analyst"),
    ("C2007", "Felipe", "Navarro", "Backend Engineer"),
    ("C2008", "Gabriela", "Silva", "Data Analyst"),
    ("C2009", "Henrik", "Johansson", "Platform Engineer"),
    ("C2010", "Imani", "Njoroge", "Data Analyst"),
    ("C2011", "Jakub", "Kowalski", "Backend Engineer"),
    ("C2012", "Keiko", "Yamamoto", "Data Analyst"),
    ("C2013", "Liam", "O'Connor", "Backend Engineer"),
    ("C2014", "Maya", "Patel", "Data Analyst"),
    ("C2015", "Nikolai", "Ivanov", "Platform Engineer"),
    ("C2016", "Olivia", "Bennett", "Backend Engineer"),
    ("C2017", "Pablo", "Jiménez", "Data Analyst"),
    ("C2018", "Qi", "Zhang", "Backend Engineer"),
    ("C2019", "Rosa", "Delgado", "Data Analyst"),
    ("C2020", "Santiago", "Herrera", "Backend Engineer"),
    ("C2021", "Tanvi", "Shah", "Data Analyst"),
    ("C2022", "Umar", "Siddiqui", "Platform Engineer"),
    ("C2023", "Vera", "Kuznetsova", "Data Analyst"),
    ("C2024", "William", "Turner", "Backend Engineer"),
    ("C2025", "Ximena", "Castillo", "Data Analyst"),
    ("C2026", "Yusuf", "Demir", "Backend Engineer"),
    ("C2027", "Zara", "Ahmed", "Data Analyst"),
    ("C2028", "Aditi", "Rao", "Backend Engineer"),
    ("C2029", "Bruno", "Carvalho", "Platform Engineer"),
    ("C2030", "Clara", "Schmidt", "Data Analyst"),
)
_POSITION_TRACK = {
    "Backend Engineer": "backend",
    "Data Analyst": "data",
    "Platform Engineer": "platform",
}

EMPLOYEES = tuple(
    DemoPerson(ext, first, last, PersonKind.EMPLOYEE, track, DEPARTMENTS[track], title, manager)
    for ext, first, last, track, title, manager in _EMPLOYEES
)
CANDIDATES = tuple(
    DemoPerson(ext, first, last, PersonKind.CANDIDATE, _POSITION_TRACK[position], position=position)
    for ext, first, last, position in _CANDIDATES
)
PEOPLE = EMPLOYEES + CANDIDATES
# A director: two levels of reports below them, a team of 13 for the manager token.
TEAM_MANAGER = EMPLOYEES[1]


def ensure_people(session: Session, scope: Scope) -> dict[str, Person]:
    """Create missing demo people and restore the demo's values on existing ones; by email."""
    people = PeopleRepository(session, scope)
    rows = people.by_emails([p.email for p in PEOPLE])
    for spec in PEOPLE:
        row = rows.get(spec.email)
        if row is None:
            row = rows[spec.email] = people.add(
                Person(kind=spec.kind, email=spec.email, name=spec.name)
            )
        # Equal values are no change to SQLAlchemy: a second run issues no UPDATE.
        row.kind = spec.kind
        row.name = spec.name
        row.external_id = spec.external_id
        row.department = spec.department
        row.title = spec.title
        row.position = spec.position
    session.flush()  # new people get their ids, which manager links need
    by_external_id = {spec.external_id: rows[spec.email] for spec in PEOPLE}
    for spec in PEOPLE:
        manager = by_external_id[spec.manager] if spec.manager else None
        rows[spec.email].manager_id = manager.id if manager else None
    session.flush()
    return rows
