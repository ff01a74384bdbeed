"""The current request's id, available to services without passing the request around."""

from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("ipsgate_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def set_request_id(value: str) -> object:
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]  # token comes from set_request_id
