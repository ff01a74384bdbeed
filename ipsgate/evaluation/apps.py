from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "ipsgate.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation (IPS against service as usual)"

    def ready(self) -> None:
        from . import case_parts

        case_parts.register()
