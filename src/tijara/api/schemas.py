from ninja import Schema


class ErrorOut(Schema):
    message: str
    field: str | None = None


class Names(Schema):
    fr: str
    ar: str
    en: str


class StoreOut(Schema):
    id: int
    slug: str
    store_name: str
    legal_name: str
    city: str
    region_code: int
    sector: str
    url: str


class CategoryOut(Schema):
    id: int
    slug: str
    parent_id: int | None
    name: str
    names: Names


class StoreRef(Schema):
    id: int
    slug: str
    name: str


class ProductCardOut(Schema):
    id: int
    slug: str
    name: str
    names: Names
    price: str
    currency: str = "MAD"
    store: StoreRef
    category: str
    url: str


class VariantOut(Schema):
    id: int
    sku: str
    price: str
    stock: int
    options: dict[str, str]


class VatOut(Schema):
    vat_class: str
    rate: str
    exempt: bool


class ProductDetailOut(ProductCardOut):
    description: str
    vat: VatOut | None
    variants: list[VariantOut]


class ProductPageOut(Schema):
    items: list[ProductCardOut]
    count: int
    page: int
    pages: int
    page_size: int


class StorePageOut(Schema):
    items: list[StoreOut]
    count: int
    page: int
    pages: int
