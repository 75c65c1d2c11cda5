"""The policy: its schema, loading and packs; `render` makes the policy document, `diff` compares versions."""

from .loader import PolicyError, available_packs, load_policy, parse_policy
from .schema import Clause, Policy, Rule, localized

__all__ = ["Clause", "Policy", "PolicyError", "Rule", "available_packs", "load_policy", "localized", "parse_policy"]
