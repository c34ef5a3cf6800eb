from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "tijara.dashboard"
    label = "dashboard"
