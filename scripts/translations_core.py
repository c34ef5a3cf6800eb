"""Translations of the core interface strings (fr, ar). Run to (re)fill src/tijara/locale/*/django.po.

Usage: .venv/bin/python scripts/translations_core.py  (after `tijara makemessages` has added new msgids)
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

T = {
    "price (MAD TTC)": ("prix (MAD TTC)", "الثمن (درهم، شامل للضريبة)"),
    "units in stock": ("unités en stock", "الوحدات المتوفرة"),
    "French": ("Français", "الفرنسية"),
    "Arabic": ("Arabe", "العربية"),
    "English": ("Anglais", "الإنجليزية"),
    "Standard rate": ("Taux normal", "السعر العادي"),
    "Reduced rate (14 %)": ("Taux réduit (14 %)", "سعر مخفض (14 %)"),
    "Reduced rate (10 %)": ("Taux réduit (10 %)", "سعر مخفض (10 %)"),
    "Reduced rate (7 %)": ("Taux réduit (7 %)", "سعر مخفض (7 %)"),
    "Zero rate": ("Taux zéro", "سعر صفر"),
    "Exempt": ("Exonéré", "معفى"),
    "Auto-entrepreneur": ("Auto-entrepreneur", "مقاول ذاتي"),
    "Sole proprietor (personne physique)": ("Personne physique", "شخص ذاتي"),
    "Cosmetics & argan": ("Cosmétique & argan", "مستحضرات التجميل والأركان"),
    "Crafts, zellige & pottery": ("Artisanat, zellige & poterie", "الصناعة التقليدية والزليج والفخار"),
    "Fashion & caftans": ("Mode & caftans", "الموضة والقفاطين"),
    "Food, dates & olive oil": ("Alimentation, dattes & huile d'olive", "المواد الغذائية والتمور وزيت الزيتون"),
    "Electronics": ("Électronique", "الإلكترونيات"),
    "Books": ("Livres", "الكتب"),
    "Home & decoration": ("Maison & décoration", "المنزل والديكور"),
    "Services": ("Services", "الخدمات"),
    "Pending validation": ("En attente de validation", "في انتظار المصادقة"),
    "Validated": ("Validé", "مصادق عليه"),
    "Suspended": ("Suspendu", "موقوف"),
    "RC number": ("Numéro RC", "رقم السجل التجاري"),
    "RC tribunal (city)": ("Tribunal du RC (ville)", "محكمة السجل التجاري (المدينة)"),
    "IF (tax identifier)": ("IF (identifiant fiscal)", "التعريف الضريبي"),
    "Taxe professionnelle": ("Taxe professionnelle", "الرسم المهني"),
    "This ICE is not valid: it must have 15 digits and a correct check key.": (
        "Cet ICE n'est pas valide : il doit compter 15 chiffres et une clé de contrôle correcte.",
        "هذا التعريف الموحد للمقاولة غير صالح: يجب أن يتكون من 15 رقما بمفتاح تحقق صحيح."),
    ("%(counter)s product", "%(counter)s products"): (
        ("%(counter)s produit", "%(counter)s produits"),
        ("%(counter)s منتج",) * 6),
    "Sort by": ("Trier par", "ترتيب حسب"),
    "Apply": ("Appliquer", "تطبيق"),
    "Pages": ("Pages", "الصفحات"),
    "Previous": ("Précédent", "السابق"),
    "Page %(number)s of %(total)s": ("Page %(number)s sur %(total)s", "الصفحة %(number)s من %(total)s"),
    "Next": ("Suivant", "التالي"),
    "incl. VAT": ("TTC", "شامل للضريبة"),
    "No product matches. Try fewer or different words.": (
        "Aucun produit ne correspond. Essayez moins de mots ou d'autres mots.",
        "لا يوجد منتج مطابق. جرّب كلمات أقل أو كلمات أخرى."),
    "Breadcrumbs": ("Fil d'Ariane", "مسار التصفح"),
    "Home": ("Accueil", "الرئيسية"),
    "Moroccan stores online": ("Boutiques marocaines en ligne", "متاجر مغربية على الإنترنت"),
    "Buy from Moroccan small businesses": ("Achetez auprès des petites entreprises marocaines",
                                           "اشترِ من المقاولات المغربية الصغيرة"),
    "Argan, crafts, caftans, dates, books and more, from validated stores in the 12 regions. Prices in MAD, VAT included.": (
        "Argan, artisanat, caftans, dattes, livres et plus encore, auprès de boutiques validées dans les 12 régions. Prix en MAD, TVA comprise.",
        "الأركان والصناعة التقليدية والقفاطين والتمور والكتب وغيرها، من متاجر مصادق عليها في الجهات الاثنتي عشرة. الأثمنة بالدرهم شاملة للضريبة."),
    "Categories": ("Catégories", "الأصناف"),
    "Featured stores": ("Boutiques à la une", "متاجر مختارة"),
    "See all stores": ("Voir toutes les boutiques", "عرض جميع المتاجر"),
    "New products": ("Nouveautés", "منتجات جديدة"),
    "Sold by": ("Vendu par", "يبيعه"),
    "Options and prices": ("Options et prix", "الخيارات والأثمنة"),
    "Option": ("Option", "الخيار"),
    "Price incl. VAT": ("Prix TTC", "الثمن شامل للضريبة"),
    "Excl. VAT": ("HT", "دون احتساب الضريبة"),
    "VAT": ("TVA", "الضريبة على القيمة المضافة"),
    "Availability": ("Disponibilité", "التوفر"),
    "Standard": ("Standard", "عادي"),
    ("%(counter)s in stock", "%(counter)s in stock"): (
        ("%(counter)s en stock", "%(counter)s en stock"),
        ("%(counter)s متوفر",) * 6),
    "Out of stock": ("Rupture de stock", "نفد المخزون"),
    "This product is exempt from VAT.": ("Ce produit est exonéré de TVA.", "هذا المنتج معفى من الضريبة على القيمة المضافة."),
    "VAT rate: %(rate)s, included in the price.": ("Taux de TVA : %(rate)s, inclus dans le prix.",
                                                   "سعر الضريبة: %(rate)s، مدرج في الثمن."),
    "About the seller": ("À propos du vendeur", "عن البائع"),
    "Search: %(query)s": ("Recherche : %(query)s", "بحث: %(query)s"),
    "All products": ("Tous les produits", "جميع المنتجات"),
    "Results for “%(query)s”": ("Résultats pour « %(query)s »", "نتائج البحث عن «%(query)s»"),
    "Stores": ("Boutiques", "المتاجر"),
    "Company": ("Société", "الشركة"),
    "Address": ("Adresse", "العنوان"),
    "Trade register (RC)": ("Registre du commerce (RC)", "السجل التجاري"),
    "Phone": ("Téléphone", "الهاتف"),
    "Email": ("E-mail", "البريد الإلكتروني"),
    "No store is open yet.": ("Aucune boutique n'est encore ouverte.", "لا يوجد أي متجر مفتوح بعد."),
    "Newest": ("Plus récents", "الأحدث"),
    "Price: low to high": ("Prix croissant", "الثمن تصاعديا"),
    "Price: high to low": ("Prix décroissant", "الثمن تنازليا"),
    "Name": ("Nom", "الاسم"),
    "This store does not exist or is not open.": ("Cette boutique n'existe pas ou n'est pas ouverte.",
                                                  "هذا المتجر غير موجود أو غير مفتوح."),
    "This store is temporarily closed. Its products cannot be ordered for now.": (
        "Cette boutique est temporairement fermée. Ses produits ne peuvent pas être commandés pour le moment.",
        "هذا المتجر مغلق مؤقتا. لا يمكن طلب منتجاته في الوقت الحالي."),
    "This category does not exist.": ("Cette catégorie n'existe pas.", "هذا الصنف غير موجود."),
    "This product does not exist or is no longer sold.": ("Ce produit n'existe pas ou n'est plus vendu.",
                                                          "هذا المنتج غير موجود أو لم يعد معروضا للبيع."),
    "Bad request": ("Requête invalide", "طلب غير صالح"),
    "The address or the form contains a value we cannot read. Please check it and try again.": (
        "L'adresse ou le formulaire contient une valeur illisible. Vérifiez-la et réessayez.",
        "يحتوي العنوان أو الاستمارة على قيمة لا يمكن قراءتها. يرجى التحقق منها والمحاولة مرة أخرى."),
    "Back to the home page": ("Retour à l'accueil", "العودة إلى الصفحة الرئيسية"),
    "Page not found": ("Page introuvable", "الصفحة غير موجودة"),
    "The page you asked for does not exist or has moved.": ("La page demandée n'existe pas ou a été déplacée.",
                                                            "الصفحة المطلوبة غير موجودة أو تم نقلها."),
    "Search products": ("Rechercher des produits", "البحث عن المنتجات"),
    "Something went wrong": ("Une erreur est survenue", "حدث خطأ ما"),
    "An error occurred on our side. It has been recorded; please try again in a moment.": (
        "Une erreur est survenue de notre côté. Elle a été enregistrée ; veuillez réessayer dans un instant.",
        "حدث خطأ من جهتنا وتم تسجيله؛ يرجى المحاولة بعد لحظات."),
    "Shops of Moroccan small businesses, prices in MAD including VAT.": (
        "Boutiques de petites entreprises marocaines, prix en MAD TTC.",
        "متاجر المقاولات المغربية الصغيرة، الأثمنة بالدرهم شاملة للضريبة."),
    "Search products in every store": ("Rechercher dans toutes les boutiques", "ابحث في جميع المتاجر"),
    "Search": ("Rechercher", "بحث"),
    "Language": ("Langue", "اللغة"),
    "Main": ("Principal", "الرئيسية"),
    "Observatory": ("Observatoire", "المرصد"),
    "Cart": ("Panier", "السلة"),
    "items in cart": ("articles dans le panier", "منتجات في السلة"),
    "My account": ("Mon compte", "حسابي"),
    "Sign in": ("Se connecter", "تسجيل الدخول"),
    "Sell on tijara": ("Vendre sur tijara", "بع على تجارة"),
    "Prices in Moroccan dirhams (MAD), all taxes included (TTC).": (
        "Prix en dirhams marocains (MAD), toutes taxes comprises (TTC).",
        "الأثمنة بالدرهم المغربي، شاملة لجميع الضرائب."),
    "Commerce platform for Moroccan small businesses": ("Plateforme de commerce des petites entreprises marocaines",
                                                        "منصة تجارة المقاولات المغربية الصغيرة"),
}

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src" / "tijara" / "locale"


def main() -> None:
    missing = []
    for index, lang in enumerate(["fr", "ar"]):
        path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
        with open(path, "rb") as handle:
            catalogue = read_po(handle, locale=lang)
        for message in catalogue:
            if not message.id:
                continue
            entry = T.get(message.id)
            if entry is None:
                missing.append((lang, message.id))
                continue
            message.string = entry[index]
            message.flags.discard("fuzzy")
        with open(path, "wb") as handle:
            write_po(handle, catalogue, width=120, omit_header=False)
    for lang, msgid in missing:
        print(f"missing {lang}: {msgid!r}")
    if missing:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
