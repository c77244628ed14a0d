"""Confirming, at assessment, the co-operative principles a bid shows: a page of the application in
the officers' site that calls grants.services.principles_confirm."""

from django import forms
from django.apps import apps
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path

from .. import services


class PrinciplesForm(forms.Form):
    principles = forms.ModelMultipleChoiceField(
        label="Co-operative principles the project shows",
        help_text="The group's own choices are ticked to start with. Untick any the bid does not show.",
        queryset=apps.get_model("deals", "Principle").objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].queryset = apps.get_model("deals", "Principle").objects.order_by("number")


class PrinciplesPage:
    """Adds /admin/grants/application/<pk>/principles/ to ApplicationAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/principles/", view(self.principles_view), name="grants_application_principles")
        ] + super().get_urls()

    def principles_view(self, request, pk):
        application = self._application(request, pk)
        rows = list(application.principle_choices.all())
        confirmed = [r.principle_id for r in rows if r.confirmed]
        initial = confirmed or [r.principle_id for r in rows if r.chosen_by_group]
        form = PrinciplesForm(request.POST if request.method == "POST" else None, initial={"principles": initial})
        if request.method == "POST" and form.is_valid():
            try:
                services.principles_confirm(
                    application=application,
                    actor=request.user,
                    principle_ids=[p.pk for p in form.cleaned_data["principles"]],
                )
            except services.WorkflowError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, "The co-operative principles are confirmed.")
                return HttpResponseRedirect(self._change_url(application))
        chosen = {r.principle_id for r in rows if r.chosen_by_group}
        context = self._context(
            request,
            application,
            f"Confirm the co-operative principles of {application.reference}",
            form=form,
            button="Confirm the principles",
            chosen=chosen,
        )
        return TemplateResponse(request, "admin/grants/application/principles.html", context)
