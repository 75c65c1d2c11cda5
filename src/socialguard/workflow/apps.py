"""Django app config of `socialguard.workflow`."""

from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "socialguard.workflow"
    label = "workflow"
    verbose_name = "Approval workflow"
