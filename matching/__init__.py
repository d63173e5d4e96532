"""Stirrup's placement solver: households, homes and partner associations in, six-month placements out.

A pure library (standard library, numpy, scipy, OR-Tools, pyproj, python-dateutil); see docs/matching.md.
"""

from matching.assignment import Assignment, assign
from matching.check import Violation, check
from matching.explain import Alternative, Explanation, explain, explain_many
from matching.options import Options
from matching.problem import Association, Home, Household, Locked, Problem
from matching.solution import Placement, Reason, ScoreParts, Solution, Status
from matching.solver import solve

__all__ = [
    "Alternative",
    "Assignment",
    "Association",
    "Explanation",
    "Home",
    "Household",
    "Locked",
    "Options",
    "Placement",
    "Problem",
    "Reason",
    "ScoreParts",
    "Solution",
    "Status",
    "Violation",
    "assign",
    "check",
    "explain",
    "explain_many",
    "solve",
]
