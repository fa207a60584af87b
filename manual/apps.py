from django.apps import AppConfig


class ManualConfig(AppConfig):
    """操作マニュアル: the staff manual inside the admin, with screenshots of the screens."""

    name = "manual"
    verbose_name = "操作マニュアル"
