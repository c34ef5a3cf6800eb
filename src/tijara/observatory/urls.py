from django.http import HttpResponse
from django.urls import path

app_name = "observatory"


def dashboard(request):  # placeholder until the observatory issue lands
    return HttpResponse("observatory")


urlpatterns = [path("", dashboard, name="dashboard")]
