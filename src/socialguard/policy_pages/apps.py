from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyPagesConfig(AppConfig):
    name = "socialguard.policy_pages"
    label = "policy_pages"
    verbose_name = _("Policy pages")
