"""The whole knowledge base as a download from the admin's Import page: what `manage.py export_kb -o` writes, in one
ZIP file.

The archive holds ``knowledge-base.jsonl`` and the materials' files in ``documents/`` beside it, so that unpacked on
another site it imports whole with ``manage.py import_kb knowledge-base.jsonl``. "Include drafts" is
``export_kb --with-drafts``: published items carry their unpublished changes and never-published items come as
drafts (docs/import-format.md, "Drafts"). The form is on the Import page (practices.knowledge_base.admin_import).
"""

import json
import tempfile
import zipfile
from pathlib import Path

from django import forms
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from practices.knowledge_base.exporter import iter_export
from practices.models import ImportRun

EXPORT_FILE_NAME = "knowledge-base.jsonl"
# Who may import may export (the Import page's permission): they see every item and draft in the admin already.
# The import views (admin_import) use this policy too.
import_permission_policy = ModelPermissionPolicy(ImportRun)


class KnowledgeBaseExportForm(forms.Form):
    with_drafts = forms.BooleanField(
        label=gettext_lazy("Include drafts"),
        required=False,
        help_text=gettext_lazy(
            "Also the unpublished changes of published items and the items never published, so that moving the "
            "site loses no work."
        ),
    )


def write_export_archive(target, with_drafts):
    """Write the export's ZIP archive into the binary file ``target``."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with (folder / EXPORT_FILE_NAME).open("w", encoding="utf-8") as lines:
            for line in iter_export(documents_dir=folder / "documents", with_drafts=with_drafts):
                lines.write(json.dumps(line, ensure_ascii=False) + "\n")
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())


class KnowledgeBaseExportView(PermissionCheckedMixin, View):
    """GET ``?with_drafts=on`` (or without it): the ZIP archive as an attachment."""

    permission_policy = import_permission_policy
    permission_required = "add"

    def get(self, request):
        form = KnowledgeBaseExportForm(request.GET)
        with_drafts = form.is_valid() and form.cleaned_data["with_drafts"]
        # A file on disk rather than memory: the archive holds every document of the site.
        archive = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        write_export_archive(archive, with_drafts)
        archive.seek(0)
        suffix = "-with-drafts" if with_drafts else ""
        name = f"knowledge-base-{timezone.localdate().isoformat()}{suffix}.zip"
        return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")
