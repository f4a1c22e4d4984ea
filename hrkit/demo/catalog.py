"""What the demo's issuers award and what its roles require: achievements aligned to ESCO skills.

Skill levels: an OB alignment gives its skill at level 3 (PRODUCT.md §8); where an achievement
teaches a skill at another level the demo adds a SkillMapping rule, which wins over the
alignment, so the skill matrix shows levels 2 to 5.
"""

from __future__ import annotations

from dataclasses import dataclass

from hrkit.demo.signing import DemoIssuer
from hrkit.services.roles import RequirementInput

ESCO = "http://data.europa.eu/esco/skill/"
ALIGNMENT_LEVEL = 3

PYTHON = ESCO + "ccd0a1d9-afda-43d9-b901-96344886e14d"
JAVA = ESCO + "19a8293b-8e95-4de3-983f-77484079c389"
JAVASCRIPT = ESCO + "3cd569a2-4f88-4c1e-9995-8dce8c5e51a7"
PROGRAMMING = ESCO + "21d2f96d-35f7-4e3f-9745-c533d2dd6e97"
QUERY_LANGUAGES = ESCO + "9cf681c7-89ec-470c-b651-7fe03786f586"
USE_DATABASES = ESCO + "4463a721-69f3-413d-8321-43e3af13a4f1"
DATABASE_SCHEME = ESCO + "6c08403c-a5bb-4868-b8c2-b7d039c0e511"
UNIT_TESTING = ESCO + "7961413f-61d0-4722-9cd9-20a050a29899"
SOFTWARE_TESTS = ESCO + "913e7e83-b8f8-4574-b1ca-1b38f3fd974a"
DEBUG = ESCO + "2522a6ce-3202-4ac8-9f5b-b9cb5a3a83a1"
DESIGN_PATTERNS = ESCO + "2b7a79e5-84d8-4880-be66-3d9bb05bea17"
APP_INTERFACES = ESCO + "b0096dc5-2e2d-4bc1-8172-05bf486c3968"
DEVOPS = ESCO + "f0de4973-0a70-4644-8fd4-3a97080476f4"
CLOUD_SERVICES = ESCO + "6b643893-0a1f-4f6c-83a1-e7eef75849b9"
CONFIG_MANAGEMENT = ESCO + "9d2e926f-53d9-41f5-98f3-19dfaa687f3f"
STATISTICS = ESCO + "7ee4c2ea-b349-4bd2-81a3-ec31475d4833"
STATISTICAL_ANALYSIS = ESCO + "382c11ed-20d5-4ae7-b60e-15fec527fa6c"
DATA_CLEANSING = ESCO + "50b100ea-74fd-4706-99db-3e4ca55e51b8"
DATA_MINING = ESCO + "4216e465-7baa-4884-a241-54b197bb9278"
DATA_VISUALISATION = ESCO + "c3e36d05-8ae8-447f-bb2b-6f9409f85389"
BUSINESS_INTELLIGENCE = ESCO + "143769cb-b61e-47d8-a61e-eedfbec1016c"
MACHINE_LEARNING = ESCO + "3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43"
REPORT_RESULTS = ESCO + "c544a9f3-5945-4b54-afed-de0697852817"

NORTHWIND = DemoIssuer(
    seed=b"hrkit-demo-issuer-1",
    name="Northwind Academy",
    url="https://northwind-academy.example",
    status_list_url="https://northwind-academy.example/status/revocation/1",
)
CONTOSO = DemoIssuer(
    seed=b"hrkit-demo-issuer-2",
    name="Contoso Cloud Institute",
    url="https://contoso-cloud.example",
    status_list_url="https://contoso-cloud.example/credentials/status/1",
)
# Not in the demo's trust registry: its credentials read `untrusted_issuer`.
FABRIKAM = DemoIssuer(
    seed=b"hrkit-demo-issuer-3", name="Fabrikam Data School", url="https://fabrikam-data.example"
)
ISSUERS = (NORTHWIND, CONTOSO, FABRIKAM)
TRUSTED = (NORTHWIND, CONTOSO)


@dataclass(frozen=True)
class DemoAchievement:
    key: str
    issuer: DemoIssuer
    name: str
    achievement_type: str  # OB 3.0 achievementType
    description: str
    skills: tuple[tuple[str, int], ...]  # (ESCO uri, level taught)

    @property
    def uri(self) -> str:
        return f"{self.issuer.url}/achievements/{self.key}"

    @property
    def expires(self) -> bool:
        """Badges are for life; certificates and programmes carry an end of validity."""
        return self.achievement_type != "Badge"


def _achievement(
    issuer: DemoIssuer, key: str, name: str, kind: str, about: str, *skills: tuple[str, int]
) -> DemoAchievement:
    return DemoAchievement(key, issuer, name, kind, about, skills)


ACHIEVEMENTS = {
    a.key: a
    for a in (
        _achievement(NORTHWIND, "python-foundations", "Python Foundations", "Badge",
                     "Writes, runs and reads small Python programs.",
                     (PYTHON, 2), (PROGRAMMING, 2)),
        _achievement(NORTHWIND, "advanced-python", "Advanced Python Engineering",
                     "ext:Nanodegree",
                     "A twelve-week programme: idiomatic, tested, well-structured Python services.",
                     (PYTHON, 4), (DESIGN_PATTERNS, 3), (UNIT_TESTING, 3)),
        _achievement(NORTHWIND, "test-driven-development", "Test-Driven Development",
                     "MicroCredential", "Designs code through unit tests and debugs failures.",
                     (UNIT_TESTING, 3), (SOFTWARE_TESTS, 3), (DEBUG, 3)),
        _achievement(NORTHWIND, "relational-databases-sql", "Relational Databases and SQL",
                     "MicroCredential", "Models, queries and maintains relational databases.",
                     (QUERY_LANGUAGES, 3), (USE_DATABASES, 3), (DATABASE_SCHEME, 2)),
        _achievement(NORTHWIND, "applied-statistics", "Applied Statistics", "Badge",
                     "Chooses and applies statistical methods to business questions.",
                     (STATISTICS, 4), (STATISTICAL_ANALYSIS, 3)),
        _achievement(NORTHWIND, "data-storytelling", "Data Visualisation and Storytelling",
                     "Badge", "Presents analysis results in clear charts and narratives.",
                     (DATA_VISUALISATION, 3), (REPORT_RESULTS, 3)),
        _achievement(CONTOSO, "cloud-developer-associate", "Cloud Developer Associate",
                     "Certificate", "Builds and deploys applications on cloud services.",
                     (CLOUD_SERVICES, 3), (DEVOPS, 2)),
        _achievement(CONTOSO, "devops-practitioner", "DevOps Practitioner", "Badge",
                     "Automates builds, releases and configuration.",
                     (DEVOPS, 3), (CONFIG_MANAGEMENT, 3)),
        _achievement(CONTOSO, "java-backend", "Java Backend Development", "Certificate",
                     "Builds Java services with well-designed APIs.",
                     (JAVA, 3), (APP_INTERFACES, 3)),
        _achievement(CONTOSO, "data-analytics-professional", "Data Analytics Professional",
                     "Certificate", "Cleans, mines and reports on business data.",
                     (DATA_CLEANSING, 3), (DATA_MINING, 3), (BUSINESS_INTELLIGENCE, 3),
                     (STATISTICS, 3)),
        _achievement(CONTOSO, "javascript-services", "JavaScript Services", "Badge",
                     "Writes JavaScript services and their interfaces.",
                     (JAVASCRIPT, 3), (APP_INTERFACES, 2)),
        _achievement(CONTOSO, "cloud-solutions-architect", "Cloud Solutions Architect",
                     "Certificate", "Designs resilient systems on cloud services.",
                     (CLOUD_SERVICES, 5), (DEVOPS, 4)),
        _achievement(FABRIKAM, "data-analysis-nanodegree", "Data Analysis Nanodegree",
                     "ext:Nanodegree", "Cleans, analyses and visualises data with Python.",
                     (PYTHON, 3), (DATA_CLEANSING, 3), (STATISTICAL_ANALYSIS, 3),
                     (DATA_VISUALISATION, 3)),
        _achievement(FABRIKAM, "machine-learning-fundamentals", "Machine Learning Fundamentals",
                     "MicroCredential", "Trains and evaluates supervised learning models.",
                     (MACHINE_LEARNING, 3), (PYTHON, 2)),
        _achievement(FABRIKAM, "sql-for-analysts", "SQL for Analysts", "Badge",
                     "Answers business questions with SQL queries.",
                     (QUERY_LANGUAGES, 3)),
    )
}  # fmt: skip


@dataclass(frozen=True)
class DemoRole:
    title: str
    open: bool
    description: str
    requirements: tuple[RequirementInput, ...]


def _need(uri: str, level: int, *, essential: bool = True) -> RequirementInput:
    return RequirementInput(uri, level, essential, 1.0 if essential else 0.5)


ROLES = (
    DemoRole(
        "Backend Engineer",
        True,
        "Builds and runs the Python services behind our products.",
        (
            _need(PYTHON, 3),
            _need(QUERY_LANGUAGES, 3),
            _need(UNIT_TESTING, 3),
            _need(DEBUG, 3),
            _need(DESIGN_PATTERNS, 2, essential=False),
            _need(CLOUD_SERVICES, 2, essential=False),
            _need(DEVOPS, 2, essential=False),
        ),
    ),
    DemoRole(
        "Data Analyst",
        True,
        "Turns company data into decisions: cleaning, analysis, dashboards.",
        (
            _need(STATISTICS, 3),
            _need(QUERY_LANGUAGES, 3),
            _need(DATA_CLEANSING, 3),
            _need(DATA_VISUALISATION, 3),
            _need(PYTHON, 2, essential=False),
            _need(BUSINESS_INTELLIGENCE, 2, essential=False),
        ),
    ),
    DemoRole(
        "Java Developer",
        False,
        "Maintained the legacy Java billing services (filled).",
        (
            _need(JAVA, 3),
            _need(APP_INTERFACES, 3),
            _need(SOFTWARE_TESTS, 2, essential=False),
        ),
    ),
)
