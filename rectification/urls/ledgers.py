from django.urls import path

from rectification.views import figures, ledgers

urlpatterns = [
    path("ledgers/items/", ledgers.ledger_items, name="ledger_items"),
    path("ledgers/items/export/", ledgers.ledger_items_export, name="ledger_items_export"),
    path("ledgers/findings/", ledgers.ledger_findings, name="ledger_findings"),
    path("ledgers/findings/export/", ledgers.ledger_findings_export, name="ledger_findings_export"),
    path("ledgers/leads/", ledgers.ledger_leads, name="ledger_leads"),
    path("ledgers/leads/export/", ledgers.ledger_leads_export, name="ledger_leads_export"),
    path("ledgers/suggestions/", ledgers.ledger_suggestions, name="ledger_suggestions"),
    path(
        "ledgers/suggestions/export/",
        ledgers.ledger_suggestions_export,
        name="ledger_suggestions_export",
    ),
    path("figures/", figures.figures, name="figures"),
]
