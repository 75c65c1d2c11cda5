"""Django app config of `socialguard.workflow`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "socialguard.workflow"
    label = "workflow"
    verbose_name = _("Approval workflow")
