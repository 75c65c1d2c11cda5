"""Training: short "would you publish this?" scenarios built from the organisation's own policy rules.

Each scenario is a sample post (English and Polish, in `scenarios.yaml`) for one kind of check; only those whose
check is enabled in the policy are asked. The answer is judged by the real checker (`evaluate`) under the
organisation's current policy, and the findings with their clauses are shown after each answer.
"""
