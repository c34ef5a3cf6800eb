"""Back-office product forms: names and descriptions per language, variants as a formset."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tijara.catalog.models import Category, NonWithdrawable
from tijara.core.amounts import AmountField
from tijara.core.models import VatClass

MAX_PRICE = Decimal("1000000")
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a catalogue file (CSV or XLSX) [SEC-WEB-IMPORT]


def parse_options(text: str) -> dict[str, str]:
    """'size=M; colour=blue' -> {'size': 'M', 'colour': 'blue'}; raises ValueError on a part without '='."""
    options: dict[str, str] = {}
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise ValueError(part)
        key, value = (s.strip() for s in part.split("=", 1))
        if not key or not value:
            raise ValueError(part)
        options[key[:40]] = value[:80]
    return options


def format_options(options: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in (options or {}).items())


class ProductForm(forms.Form):
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200)
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=200, required=False,
                              widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}))
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description_fr = forms.CharField(label=_("Description (French)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    description_ar = forms.CharField(label=_("Description (Arabic)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}))
    description_en = forms.CharField(label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all())
    vat_class = forms.ChoiceField(label=_("VAT class"), choices=VatClass.choices, initial=VatClass.STANDARD)
    is_published = forms.BooleanField(label=_("Published on the storefront"), required=False, initial=True)
    non_withdrawable = forms.ChoiceField(
        label=_("Withdrawal right"), required=False,
        choices=[("", _("Applies (7 days, law 31-08 art. 36)")), *NonWithdrawable.choices],
        help_text=_("Only the exceptions of law 31-08 art. 38 exclude it; the product page and the recap say why."),
    )  # [CP-NON-WITHDRAWABLE]

    def names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"name_{code}", "") for code in ("fr", "ar", "en")}

    def descriptions(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"description_{code}", "") for code in ("fr", "ar", "en")}


class VariantForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sku = forms.CharField(label=_("SKU"), max_length=64)
    options = forms.CharField(label=_("Options"), required=False, max_length=300,
                              help_text=_("For example: size=M; colour=blue"))
    price = AmountField(label=_("Price (MAD TTC)"), max_digits=12, decimal_places=2,
                        min_value=Decimal("0.01"), max_value=MAX_PRICE)  # "149,00" is 149.00, never 14900
    stock = forms.IntegerField(label=_("Stock"), min_value=0, max_value=10_000_000, initial=0)

    def clean_options(self) -> dict[str, str]:
        try:
            return parse_options(self.cleaned_data.get("options", ""))
        except ValueError as exc:
            raise forms.ValidationError(
                _("Write options as name=value separated by semicolons (wrong part: %(part)s)."),
                params={"part": str(exc)},
            ) from exc


class BaseVariantFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not rows:
            raise forms.ValidationError(_("A product needs at least one variant with a SKU and a price."))
        skus = [row["sku"] for row in rows]
        if len(skus) != len(set(skus)):
            raise forms.ValidationError(_("Each variant needs its own SKU."))

    def variants(self) -> list[dict]:
        return [
            {"id": f.cleaned_data.get("id"), "sku": f.cleaned_data["sku"], "price": f.cleaned_data["price"],
             "stock": f.cleaned_data["stock"], "options": f.cleaned_data.get("options") or {}}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


VariantFormSet = forms.formset_factory(VariantForm, formset=BaseVariantFormSet, extra=1, can_delete=True, max_num=50)


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=_("Image"))


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        """Refused before it is read into memory [SEC-WEB-IMPORT]."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("This file is too large: at most %(mb)d MB.")
                                        % {"mb": MAX_IMPORT_BYTES // 2**20})
        return upload
