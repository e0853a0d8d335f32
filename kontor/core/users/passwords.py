"""Password hashing with Argon2id (argon2-cffi); cost comes from the settings."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8


@lru_cache(maxsize=8)
def _hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)


def hash_password(password: str, *, time_cost: int = 3, memory_kib: int = 65536) -> str:
    return _hasher(time_cost, memory_kib).hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher(3, 65536).verify(stored_hash, password)  # parameters come from the hash
    except (VerificationError, InvalidHashError):
        return False
