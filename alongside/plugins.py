"""The one way an app plugs into a shared feature: a module named after the feature, found by name.

| feature | module in each app | what the module declares |
|---|---|---|
| My data (``consent.mydata``) | ``mydata.py`` | ``MY_DATA``: the app's sections |
| exports (``reports.registry``) | ``exports.py`` | ``KINDS``: the app's export kinds |
| the JSON API (``api.site``) | ``api.py`` | ``router``: the app's endpoints |
| demo data (``core.demo``) | ``demo.py`` | ``populate(ctx)`` and ``AFTER``, the apps whose steps come first |

Like Django's ``autodiscover_modules`` (how the admin finds ``admin.py``), every installed app that has the
module has it imported; unlike the admin's, the module registers nothing when imported: it declares, and the
feature reads the declaration. Nothing is listed by hand, so adding an app's module adds it and deleting
the module removes it, and importing a module twice cannot register anything twice.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def contributions(module_name: str, attribute: str) -> list[tuple[str, Any]]:
    """``(app name, declared value)`` for every installed app whose ``<module_name>`` declares ``attribute``.

    In ``INSTALLED_APPS`` order. A module of that name that declares nothing is the feature's own machinery
    (``core/demo.py`` runs the demo steps), not a contribution.
    """
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, module_name):
            module = import_module(f"{config.name}.{module_name}")
            if hasattr(module, attribute):
                found.append((config.name, getattr(module, attribute)))
    return found
