"""The policy: its schema, loading and packs (and, later, rendering it as a document)."""

from .loader import PolicyError, available_packs, load_policy, parse_policy
from .schema import Clause, Policy, Rule, localized

__all__ = ["Clause", "Policy", "PolicyError", "Rule", "available_packs", "load_policy", "localized", "parse_policy"]
