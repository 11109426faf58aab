from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.uploads import files_kept_only_on_success
from organisations.forms import DeclarationForm, RelativeFormSet
from organisations.models import Profile
from organisations.selectors import viewer_of
from organisations.services import recusal_declaration_record


@login_required
def declaration_create(request, profile_pk):
    """The office records a person's recusal declaration and the relatives it names."""
    viewer = viewer_of(request.user)
    if not viewer.is_office_staff:
        raise Http404
    profile = get_object_or_404(Profile, pk=profile_pk, office_id=viewer.office_id)
    form = DeclarationForm(request.POST or None, request.FILES or None)
    relatives = RelativeFormSet(
        request.POST or None, form_kwargs={"office": profile.office}, prefix="relatives"
    )
    if request.method == "POST" and form.is_valid() and relatives.is_valid():
        named = [row for row in relatives.cleaned_data if row]
        try:
            with files_kept_only_on_success():
                recusal_declaration_record(
                    profile=profile,
                    by=request.user,
                    relatives=named,
                    signed_on=form.cleaned_data["signed_on"],
                    statement=form.cleaned_data["statement"],
                    scan=form.cleaned_data["scan"],
                )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Declaration of %(name)s recorded.") % {"name": profile.name}
            )
            back = request.GET.get("next", "")
            safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
            return redirect(back if safe and back else "home")
    status = 400 if request.method == "POST" else 200
    context = {"profile": profile, "form": form, "relatives": relatives}
    return render(request, "organisations/declaration_form.html", context, status=status)
