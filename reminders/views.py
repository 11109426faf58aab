"""The notification centre: the person's reminders, the unread badge and preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.pages import PAGE_SIZE
from reminders import selectors, services
from reminders.forms import PreferenceForm
from reminders.models import Reminder


@login_required
@require_safe
def reminder_list(request):
    reminders = selectors.reminders_of(request.user)
    if request.GET.get("unread") == "true":
        reminders = reminders.filter(read_at__isnull=True)
    context = {
        "page_obj": Paginator(reminders, PAGE_SIZE).get_page(request.GET.get("page")),
        "only_unread": request.GET.get("unread") == "true",
    }
    return render(request, "reminders/list.html", context)


@login_required
@require_safe
@never_cache
def unread_badge(request):
    """Loaded by htmx into the header once per page, so pages pay no query for it. It is not
    polled: every request moves the idle-session expiry on, and polling would keep an
    abandoned session alive."""
    count = selectors.unread_count(request.user)
    return HttpResponse(render_to_string("reminders/badge.html", {"count": count}))


@login_required
@require_POST
def reminder_open(request, pk):
    try:
        reminder = services.reminder_open(user=request.user, pk=pk)
    except Reminder.DoesNotExist:
        raise Http404 from None
    if not url_has_allowed_host_and_scheme(reminder.link, allowed_hosts=None):
        return redirect("reminders:list")
    return redirect(reminder.link)


@login_required
@require_POST
def reminders_read_all(request):
    count = services.reminders_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s reminders marked read.") % {"count": count})
    return redirect("reminders:list")


@login_required
def preferences(request):
    preference = selectors.preference_of(request.user)
    if request.method != "POST":
        form = PreferenceForm(
            initial={
                "email": preference.email,
                "muted_kinds": selectors.muted_kinds_of(request.user),
            }
        )
        return render(request, "reminders/preferences.html", {"form": form})
    form = PreferenceForm(request.POST)
    if form.is_valid():
        try:
            services.preference_update(
                user=request.user,
                email=form.cleaned_data["email"],
                muted_kinds=form.cleaned_data["muted_kinds"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your reminder preferences are saved."))
            return redirect("reminders:list")
    return render(request, "reminders/preferences.html", {"form": form}, status=400)
