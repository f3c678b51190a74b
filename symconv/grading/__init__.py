"""Checking other people's work: grade an answer, lint a hand-written derivation.

Both read the right derivation through the public API and compare exact values and steps,
never printed strings.
"""

from .answer import DIAGNOSES, Grade, grade
from .exercise import DIFFICULTIES, Exercise, exercise
from .lint import KINDS, Finding, lint

__all__ = ["DIAGNOSES", "Grade", "grade", "KINDS", "Finding", "lint", "DIFFICULTIES", "Exercise", "exercise"]
