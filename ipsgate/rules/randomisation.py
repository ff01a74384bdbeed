"""Permuted-block random allocation, 1:1 IPS against service as usual (SAU), stratified by site. Pure Python.

- Each stratum (site) has its own sequence, so the arms stay balanced within every site.
- The sequence is a run of blocks; each block holds equal numbers of IPS and SAU in a random order. Block sizes
  are themselves chosen at random from `block_sizes` (4 and 6 by default): with a fixed block of 4, anyone who
  knew the last three allocations at a site could work out the fourth, so mixing sizes limits predictability
  while keeping the arms within 3 of each other at any moment.
- The sequence is reproducible from the recorded trial seed: each stratum's random stream is seeded with the
  SHA-256 of the seed and the stratum key (never Python's `hash`, which changes from run to run). Knowing the
  seed reveals the sequence, so the seed is kept from everyone who takes referrals (concealment).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_BLOCK_SIZES = (4, 6)


class Arm(StrEnum):
    IPS = "IPS"
    SAU = "SAU"


@dataclass(frozen=True)
class Allocation:
    arm: Arm
    stratum: str
    position: int  # 0-based place in the stratum's sequence
    block_number: int  # 0-based
    block_size: int
    explanation: str


def check_block_sizes(block_sizes: Sequence[int]) -> tuple[int, ...]:
    """Block sizes must be even (1:1 allocation) and at least 2. Raises ValueError otherwise."""
    sizes = tuple(block_sizes)
    if not sizes:
        raise ValueError("Give at least one block size")
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, int) or size < 2 or size % 2:
            raise ValueError(f"Block sizes must be even whole numbers of 2 or more; got {size!r}")
    return sizes


def _stream(seed: str, stratum: str) -> random.Random:
    digest = hashlib.sha256(f"ipsgate-allocation\x1f{seed}\x1f{stratum}".encode()).digest()
    # Reproducibility from a recorded (secret) seed is the point here, not cryptographic strength.
    return random.Random(int.from_bytes(digest, "big"))  # noqa: S311


def sequence_blocks(
    seed: str, stratum: str, length: int, block_sizes: Sequence[int] = DEFAULT_BLOCK_SIZES
) -> list[list[Arm]]:
    """The stratum's blocks, enough of them to cover `length` allocations (the last may be part-used)."""
    sizes = check_block_sizes(block_sizes)
    if length < 0:
        raise ValueError("length must be 0 or more")
    rng = _stream(seed, stratum)
    result: list[list[Arm]] = []
    covered = 0
    while covered < length:
        size = rng.choice(sizes)
        block = [Arm.IPS] * (size // 2) + [Arm.SAU] * (size // 2)
        rng.shuffle(block)
        result.append(block)
        covered += size
    return result


def sequence(seed: str, stratum: str, length: int, block_sizes: Sequence[int] = DEFAULT_BLOCK_SIZES) -> list[Arm]:
    """The first `length` allocations of a stratum."""
    return [arm for block in sequence_blocks(seed, stratum, length, block_sizes) for arm in block][:length]


def allocate(seed: str, stratum: str, position: int, block_sizes: Sequence[int] = DEFAULT_BLOCK_SIZES) -> Allocation:
    """The allocation at `position` (0-based) in the stratum's sequence."""
    if position < 0:
        raise ValueError("position must be 0 or more")
    start = 0
    for number, block in enumerate(sequence_blocks(seed, stratum, position + 1, block_sizes)):
        if position < start + len(block):
            arm = block[position - start]
            return Allocation(
                arm=arm,
                stratum=stratum,
                position=position,
                block_number=number,
                block_size=len(block),
                explanation=(
                    f"Allocated at random to {arm.value}: place {position + 1} in this site's sequence, in a "
                    f"block of {len(block)} with equal numbers of IPS and service as usual."
                ),
            )
        start += len(block)
    raise AssertionError("unreachable: the blocks cover the position")  # pragma: no cover
