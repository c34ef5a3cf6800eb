"""The model terms of sale: the merchant's parts framed by the rules no merchant may change [CP-TERMS].

The frame (`templates/legal/terms_<language>.txt`) states what the law fixes whatever the merchant writes:
the seller's identity, prices in dirhams all taxes included, delivery within 30 days counted from the day after
the order unless a date is agreed, the withdrawal right (7 days, 30 days when the written confirmation was not
sent, its exceptions), the legal warranty, the contract's languages and archive, and the consumer's court.
The merchant's parts (DOC art. 65-4: order steps, input errors, languages, archiving and access; law 31-08
art. 29: delivery, withdrawal, warranties, complaints, applicable rules) are quoted inside it.
"""

import re
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation

from tijara.merchants import identity
from tijara.merchants.models import Merchant

# Wording that would take the consumer's court away (law 31-08, art. 202), in the three languages.
_EXCLUSIVE = re.compile(
    r"exclusive(ment)?\s+comp[ée]tent|comp[ée]tence\s+exclusive|seuls?\s+comp[ée]tents?|"
    r"exclusive\s+jurisdiction|exclusively\s+competent|sole\s+jurisdiction|"
    r"الاختصاص\s+الحصري|اختصاص\s+حصري|وحدها\s+المختصة|المختصة\s+وحدها|حصريا",
    re.IGNORECASE,
)


def exclusive_jurisdiction(text: str) -> bool:
    """Whether `text` tries to give one court exclusive jurisdiction."""
    return bool(_EXCLUSIVE.search(text))


def terms_text(*, merchant: Merchant, parts: dict[str, dict[str, str]], language: str, number: int,
               published_at: datetime) -> str:
    """The full terms in `language` (plain text: what is hashed, shown and printed)."""
    with translation.override(language):
        text = render_to_string(f"legal/terms_{language}.txt", {
            "merchant": merchant,
            "identity": identity.identity_lines(merchant, language),
            "part": {name: texts.get(language, "") for name, texts in parts.items()},
            "number": number,
            "published_on": timezone.localtime(published_at).date().isoformat(),
        })
    # Templates leave blank lines around tags: keep at most one empty line between paragraphs.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def model_parts(merchant: Merchant) -> dict[str, str]:
    """The model's suggested wording for every part, in fr, ar and en (`<part>_<language>` → text)."""
    contact = {"email": merchant.email, "phone": merchant.phone, "address": merchant.address,
               "name": merchant.legal_name}
    wording = {
        "order_steps": {
            "fr": "1. Choisissez les produits et ajoutez-les au panier. 2. Indiquez vos coordonnées et votre adresse "
                  "de livraison, puis le mode de livraison. 3. Vérifiez le récapitulatif (produits, prix TTC, frais "
                  "et délai de livraison, total). 4. Confirmez la commande par le bouton de confirmation : la "
                  "commande n'est conclue qu'à ce moment. 5. Vous recevez aussitôt un accusé de réception par "
                  "e-mail, puis une confirmation écrite au plus tard à l'expédition.",
            "ar": "1. اختر المنتجات وأضفها إلى السلة. 2. أدخل بياناتك وعنوان التسليم ثم طريقة التسليم. 3. راجع "
                  "الملخص (المنتجات، الأثمنة مع احتساب الرسوم، مصاريف وأجل التسليم، المجموع). 4. أكد الطلب بالضغط "
                  "على زر التأكيد: لا يبرم العقد إلا في تلك اللحظة. 5. تتوصل فورا بإشعار بالتوصل عبر البريد "
                  "الإلكتروني، ثم بتأكيد كتابي على أبعد تقدير عند الشحن.",
            "en": "1. Choose products and add them to the cart. 2. Enter your details, delivery address and delivery "
                  "method. 3. Check the summary (products, prices including taxes, delivery cost and time, total). "
                  "4. Confirm with the confirmation button: the order is concluded only then. 5. You receive an "
                  "acknowledgement by e-mail at once, then a written confirmation no later than shipping.",
        },
        "error_correction": {
            "fr": "Avant de confirmer, le récapitulatif affiche toutes vos saisies : vous pouvez modifier les "
                  "quantités, retirer un produit, corriger vos coordonnées ou votre adresse et changer de mode de "
                  "livraison. Une erreur découverte après la confirmation peut nous être signalée par e-mail "
                  "avant l'expédition.",
            "ar": "قبل التأكيد، يعرض الملخص جميع المعلومات التي أدخلتها: يمكنك تعديل الكميات أو حذف منتج أو تصحيح "
                  "بياناتك أو عنوانك أو تغيير طريقة التسليم. ويمكن إبلاغنا بأي خطأ يكتشف بعد التأكيد عبر البريد "
                  "الإلكتروني قبل الشحن.",
            "en": "Before you confirm, the summary shows everything you entered: you can change quantities, remove a "
                  "product, correct your details or address and change the delivery method. An error found after "
                  "confirming can be reported to us by e-mail before shipping.",
        },
        "languages": {
            "fr": "Le contrat peut être conclu en arabe ou en français, au choix de l'acheteur (langue de la page "
                  "au moment de la commande).",
            "ar": "يمكن إبرام العقد باللغة العربية أو الفرنسية حسب اختيار المشتري (لغة الصفحة عند الطلب).",
            "en": "The contract can be concluded in Arabic or in French, as the buyer chooses (the language of the "
                  "page when ordering).",
        },
        "archiving": {
            "fr": "Nous conservons une copie de chaque commande, de sa confirmation et de sa facture. Vous pouvez "
                  "les consulter depuis la page de votre commande ou nous en demander une copie par e-mail.",
            "ar": "نحتفظ بنسخة من كل طلب ومن تأكيده وفاتورته. يمكنك الاطلاع عليها من صفحة طلبك أو طلب نسخة منها "
                  "عبر البريد الإلكتروني.",
            "en": "We keep a copy of every order, its confirmation and its invoice. You can see them from your "
                  "order page or ask us for a copy by e-mail.",
        },
        "delivery": {
            "fr": "Nous livrons dans tout le Maroc par les modes proposés lors de la commande ; les frais et le "
                  "délai de chaque mode sont affichés avant la confirmation.",
            "ar": "نقوم بالتسليم في جميع أنحاء المغرب بالطرق المقترحة عند الطلب؛ وتعرض مصاريف وأجل كل طريقة قبل "
                  "التأكيد.",
            "en": "We deliver throughout Morocco by the methods offered when ordering; each method's cost and "
                  "delivery time are shown before you confirm.",
        },
        "withdrawal": {
            "fr": "Pour vous rétracter, écrivez-nous à {email} en indiquant le numéro de votre commande. Les "
                  "produits sont à retourner à l'adresse : {address}.",
            "ar": "لممارسة حق التراجع، راسلنا على {email} مع ذكر رقم طلبك. ترجع المنتجات إلى العنوان التالي: "
                  "{address}.",
            "en": "To withdraw, write to us at {email} giving your order number. Return the products to: "
                  "{address}.",
        },
        "warranties": {
            "fr": "Nos produits bénéficient de la garantie légale des défauts de la chose vendue. Pour toute "
                  "demande de garantie, contactez-nous à {email}.",
            "ar": "تستفيد منتجاتنا من الضمان القانوني لعيوب الشيء المبيع. لأي طلب يتعلق بالضمان، راسلنا على "
                  "{email}.",
            "en": "Our products carry the legal warranty against defects of the goods sold. For any warranty "
                  "request, contact us at {email}.",
        },
        "complaints": {
            "fr": "Réclamations : {name}, {address} — e-mail {email} — téléphone {phone}.",
            "ar": "الشكايات: {name}، {address} — البريد الإلكتروني {email} — الهاتف {phone}.",
            "en": "Complaints: {name}, {address} — e-mail {email} — phone {phone}.",
        },
        "applicable_law": {
            "fr": "Avant toute action, nous vous proposons de chercher avec nous une solution amiable à partir de "
                  "votre réclamation.",
            "ar": "قبل أي دعوى، نقترح عليك البحث معنا عن حل ودي انطلاقا من شكايتك.",
            "en": "Before any legal action, we offer to look for an amicable solution with you, starting from your "
                  "complaint.",
        },
    }
    return {f"{name}_{lang}": text.format(**contact)
            for name, by_language in wording.items() for lang, text in by_language.items()}
