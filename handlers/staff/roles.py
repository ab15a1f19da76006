"""Who may do what in the console: clerks work applications, approvers also approve, admins also manage.

Art. 33 puts an extension under the disclosure office head's approval, and a fee notice charges the
applicant: both are approvers' acts. Seeing a full ID number or phone is too (each reveal is audited).
"""

from enum import StrEnum

from disclosure.events import Action


class Role(StrEnum):
    CLERK = "clerk"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    def may(self, permission: str) -> bool:
        return _RANK[self] >= _RANK[NEEDS[permission]]


ROLE_LABELS = {Role.CLERK: "经办人", Role.APPROVER: "审批人", Role.ADMIN: "管理员"}
_RANK = {Role.CLERK: 1, Role.APPROVER: 2, Role.ADMIN: 3}

NEEDS = {
    "work": Role.CLERK,  # register, act on applications, appeals, report prose, outbox retry
    "approve": Role.APPROVER,  # extensions and fee notices
    "reveal": Role.APPROVER,  # full ID numbers and phones
    "manage": Role.ADMIN,  # accounts, the guide, section-二 figures, agencies
}
_APPROVED = {Action.EXTEND, Action.FEE_NOTICE}


class Forbidden(PermissionError):
    """The signed-in role may not do this; the message says who may, in Chinese."""


def permission_for(action: Action) -> str:
    return "approve" if action in _APPROVED else "work"


def require(role: Role, permission: str) -> None:
    if not role.may(permission):
        raise Forbidden(f"此操作须由{NEEDS[permission].label}或更高权限的账号进行，当前账号是{role.label}。")


def parse_role(text: str) -> Role:
    value = text.strip()
    for role in Role:
        if value in (role.value, role.label):
            return role
    raise ValueError(f"未知的角色“{value}”，可选：" + "、".join(f"{r.value}（{r.label}）" for r in Role))
