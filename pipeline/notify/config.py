"""The nightly e-mail's settings, from a TOML file and the environment (the environment wins):

    [mail]                              PIPELINE_MAIL_TO (comma-separated), PIPELINE_MAIL_FROM,
    to = ["budget@kommune.dk"]          PIPELINE_MAIL_SUBJECT_PREFIX, PIPELINE_MAIL_MAX_MESSAGE_BYTES
    from = "budgetkontrol@kommune.dk"
    subject_prefix = "[Budgetkontrol]"
    max_message_bytes = 9000000

    [smtp]                              PIPELINE_SMTP_HOST, PIPELINE_SMTP_PORT,
    host = "smtp.kommune.dk"            PIPELINE_SMTP_SECURITY, PIPELINE_SMTP_USER,
    port = 587                          PIPELINE_SMTP_PASSWORD (only ever from the environment),
    security = "starttls"               PIPELINE_SMTP_CA_FILE, PIPELINE_SMTP_TIMEOUT
    username = "budgetkontrol"
    timeout = 30

Every key is checked: an unknown key or a value of the wrong type is an error that names the
key and the file (or the variable).  `security` is `starttls` unless set: `none` (the password
and the report in clear) must be chosen explicitly and is refused together with a username.

Without an SMTP host the message is written as an `.eml` file to `<out>/outbox/`, so the
nightly check works with no server at all.  A password is never read from the file and
never printed; it may hold any characters (it is sent as UTF-8).
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import SettingsError

DEFAULT_MAX_MESSAGE_BYTES = 9_000_000  # under Postfix's default limit of 10 240 000 bytes
SMALLEST_MESSAGE_BYTES = 20_000  # the smallest size limit allowed, and the size of the shortest report
SECURITIES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}

# Every setting: section -> key -> (type(s), environment variable)
SETTINGS: dict[str, dict[str, tuple[tuple[type, ...], str]]] = {
    "mail": {
        "to": ((list,), "PIPELINE_MAIL_TO"),
        "from": ((str,), "PIPELINE_MAIL_FROM"),
        "subject_prefix": ((str,), "PIPELINE_MAIL_SUBJECT_PREFIX"),
        "max_message_bytes": ((int,), "PIPELINE_MAIL_MAX_MESSAGE_BYTES"),
    },
    "smtp": {
        "host": ((str,), "PIPELINE_SMTP_HOST"),
        "port": ((int,), "PIPELINE_SMTP_PORT"),
        "security": ((str,), "PIPELINE_SMTP_SECURITY"),
        "username": ((str,), "PIPELINE_SMTP_USER"),
        "ca_file": ((str,), "PIPELINE_SMTP_CA_FILE"),
        "timeout": ((int, float), "PIPELINE_SMTP_TIMEOUT"),
    },
}
PASSWORD_VARIABLE = "PIPELINE_SMTP_PASSWORD"

Values = dict[tuple[str, str], Any]  # (section, key) -> the value set


@dataclass
class MailConfig:
    to: list[str] = field(default_factory=list)
    sender: str = "budgetkontrol@localhost"
    subject_prefix: str = "[Budgetkontrol]"
    host: str = ""
    port: int = 0
    security: str = "starttls"  # starttls | ssl | none
    username: str = ""
    password: str = field(default="", repr=False)
    ca_file: str = ""
    timeout: float = 30.0
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES
    # `--outbox DIR`: the messages are written there as .eml files instead of being sent (never
    # from the settings file: an outbox is asked for on the command line, so a cron line that
    # lacks its settings is refused rather than mailing no one)
    outbox: Path | None = None

    @property
    def uses_smtp(self) -> bool:
        """The messages are sent through an SMTP server (a host is set and no outbox asked for)."""
        return bool(self.host) and self.outbox is None

    @property
    def delivers(self) -> bool:
        """There is somewhere for the messages to go: a server, or an outbox asked for."""
        return self.uses_smtp or self.outbox is not None

    @property
    def recipients(self) -> list[str]:
        """Who is told: the addresses, or the outbox when the messages go there."""
        return list(self.to) if self.uses_smtp else ["outbox"]


def check_type(value: Any, kinds: tuple[type, ...], setting: str, path: Path | None = None) -> Any:
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise SettingsError(key="setting-type", setting=setting, path=os.fspath(path) if path else "",
                            kinds=[k.__name__ for k in kinds], value=repr(value))
    return value


def from_env(text: str, kinds: tuple[type, ...], variable: str) -> Any:
    if list in kinds:
        return [a.strip() for a in text.split(",") if a.strip()]
    if int in kinds or float in kinds:
        try:
            return int(text) if int in kinds and float not in kinds else float(text)
        except ValueError:
            raise SettingsError(key="setting-number", variable=variable, value=repr(text)) from None
    return text


def read_file(path: Path) -> dict[str, Any]:
    """The settings file as TOML data (`SettingsError` when it is missing or not TOML)."""
    if not path.is_file():
        raise SettingsError(key="config-missing", path=os.fspath(path))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(key="config-toml", path=os.fspath(path), detail=str(exc)) from None


def file_values(data: dict[str, Any], path: Path) -> Values:
    """The file's settings, every section, key and type checked."""
    where = os.fspath(path)
    values: Values = {}
    for section, content in data.items():
        if section not in SETTINGS:
            raise SettingsError(key="config-section", section=section, path=where, known=", ".join(SETTINGS))
        if not isinstance(content, dict):
            raise SettingsError(key="config-not-section", section=section, path=where)
        for key, value in content.items():
            if key == "password":
                raise SettingsError(key="config-password", section=section, path=where, variable=PASSWORD_VARIABLE)
            if key not in SETTINGS[section]:
                raise SettingsError(key="config-unknown", setting=f"{section}.{key}", path=where,
                                    known=", ".join(SETTINGS[section]))
            kinds = SETTINGS[section][key][0]
            check_type(value, kinds, f"{section}.{key}", path)
            if list in kinds and not all(isinstance(a, str) for a in value):
                raise SettingsError(key="config-addresses", setting=f"{section}.{key}", path=where)
            values[section, key] = value
    return values


def env_values(env: dict[str, str]) -> Values:
    """The settings of the environment; a variable of ours that names no setting is an error."""
    known_vars = {var for keys in SETTINGS.values() for _, var in keys.values()} | {PASSWORD_VARIABLE}
    for variable in env:
        if variable.startswith(("PIPELINE_MAIL_", "PIPELINE_SMTP_")) and variable not in known_vars:
            raise SettingsError(key="env-unknown", variable=variable, known=", ".join(sorted(known_vars)))
    values: Values = {}
    for section, keys in SETTINGS.items():
        for key, (kinds, variable) in keys.items():
            if variable in env:
                values[section, key] = from_env(env[variable], kinds, variable)
    return values


def checked(cfg: MailConfig, where: str) -> MailConfig:
    """`cfg` when its settings make sense together (`where`: the file they came from, named in the errors)."""
    if cfg.security not in SECURITIES:
        raise SettingsError(key="smtp-security", path=where, value=repr(cfg.security))
    if cfg.security == "none" and cfg.username:
        raise SettingsError(key="smtp-clear", path=where)
    if cfg.timeout <= 0:
        raise SettingsError(key="smtp-timeout", path=where)
    if cfg.max_message_bytes < SMALLEST_MESSAGE_BYTES:
        raise SettingsError(key="mail-size", path=where)
    if not 0 < cfg.port < 65536:
        raise SettingsError(key="smtp-port", path=where, value=cfg.port)
    if cfg.ca_file and not Path(cfg.ca_file).is_file():
        raise SettingsError(key="smtp-ca", path=where, file=cfg.ca_file)
    if cfg.uses_smtp and not cfg.to:
        raise SettingsError(key="no-recipients", path=where)
    return cfg


def load_config(path: Path | None, env: dict[str, str] | None = None) -> MailConfig:
    """The settings, every key checked (`SettingsError` names the key and the file)."""
    env = dict(os.environ if env is None else env)
    values = file_values(read_file(path), path) if path is not None else {}
    values.update(env_values(env))
    where = os.fspath(path) if path else ""  # the file the settings came from, named in their errors

    def get(section: str, key: str, default: Any) -> Any:
        return values.get((section, key), default)

    cfg = MailConfig(
        to=list(get("mail", "to", [])),
        sender=str(get("mail", "from", MailConfig.sender)),
        subject_prefix=str(get("mail", "subject_prefix", MailConfig.subject_prefix)),
        host=str(get("smtp", "host", "")).strip(),
        security=str(get("smtp", "security", "starttls")).strip().lower(),
        username=str(get("smtp", "username", "")),
        password=env.get(PASSWORD_VARIABLE, ""),
        ca_file=str(get("smtp", "ca_file", "")),
        timeout=float(get("smtp", "timeout", 30)),
        max_message_bytes=int(get("mail", "max_message_bytes", DEFAULT_MAX_MESSAGE_BYTES)),
    )
    if cfg.security in SECURITIES:
        cfg.port = int(get("smtp", "port", DEFAULT_PORTS[cfg.security]))
    return checked(cfg, where)
