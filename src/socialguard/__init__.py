"""socialguard: a social media policy as a file, turned into its document and the software that enforces it.

Library API::

    from socialguard import load_policy, evaluate, Post
    verdict = evaluate(Post(text="...", account="brand", platform="x"), load_policy("policy.yaml"))
"""

from .engine import evaluate
from .model import Finding, Outcome, Post, Severity, Verdict
from .policy import Policy, PolicyError, load_policy

__all__ = ["Finding", "Outcome", "Policy", "PolicyError", "Post", "Severity", "Verdict", "evaluate", "load_policy"]
__version__ = "0.1.0"
