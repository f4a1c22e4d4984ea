"""All repositories of one unit of work, sharing its session and scope."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy.orm import Session

from hrkit.store.repositories.achievements import AchievementRepository
from hrkit.store.repositories.credentials import CredentialRepository
from hrkit.store.repositories.issuers import IssuerRepository
from hrkit.store.repositories.people import PeopleRepository
from hrkit.store.repositories.skills import RoleRepository, SkillRepository
from hrkit.store.scope import Scope


class Repositories:
    def __init__(self, session: Session, scope: Scope) -> None:
        self.session = session
        self.scope = scope

    @cached_property
    def people(self) -> PeopleRepository:
        return PeopleRepository(self.session, self.scope)

    @cached_property
    def issuers(self) -> IssuerRepository:
        return IssuerRepository(self.session, self.scope)

    @cached_property
    def achievements(self) -> AchievementRepository:
        return AchievementRepository(self.session, self.scope)

    @cached_property
    def skills(self) -> SkillRepository:
        return SkillRepository(self.session, self.scope)

    @cached_property
    def roles(self) -> RoleRepository:
        return RoleRepository(self.session, self.scope)

    @cached_property
    def credentials(self) -> CredentialRepository:
        return CredentialRepository(self.session, self.scope)
