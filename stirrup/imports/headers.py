"""The columns of each kind of import, with their English and French headers: the one table per
kind that templates, imports, exports and docs/imports.md all follow.

A column's ``field`` is the name in the API's input schema (``stirrup/schemas/``), so a row is
checked by exactly the rules a request body is. A Zéro Logement Vacant export has its own headers
(French only, as ZLV writes them; aliases are the names earlier ZLV exports used); the columns it
has that Stirrup leaves out on purpose have an empty field.
"""

from __future__ import annotations

from stirrup.imports.columns import CellKind, Column

B, C, D, L, N = CellKind.BOOLEAN, CellKind.CODE, CellKind.DATE, CellKind.LIST, CellKind.NUMBER

HOMES = (
    Column("external_ref", "Reference", "Référence"),
    Column("street", "Street address", "Adresse"),
    Column("postal_code", "Postal code", "Code postal", C),
    Column("commune", "Commune", "Commune"),
    Column("latitude", "Latitude", "Latitude", N),
    Column("longitude", "Longitude", "Longitude", N),
    Column("surface_m2", "Surface (m²)", "Surface (m²)", N),
    Column("rooms", "Rooms", "Pièces", N),
    Column("bedrooms", "Bedrooms", "Chambres", N),
    Column("max_occupants", "Maximum occupants", "Occupants maximum", N),
    Column("floor", "Floor", "Étage", N),
    Column("has_lift", "Lift", "Ascenseur", B),
    Column("step_free", "Step-free access", "Accès de plain-pied", B),
    Column("wheelchair_accessible", "Wheelchair accessible", "Accessible en fauteuil roulant", B),
    Column("furnished", "Furnished", "Meublé", B),
    Column("pets_allowed", "Pets allowed", "Animaux acceptés", B),
    Column("energy_class", "Energy class", "Classe énergie (DPE)"),
    Column("available_from", "Available from", "Disponible à partir du", D),
    Column("available_until", "Available until", "Disponible jusqu'au", D),
    Column("vacant_since", "Vacant since", "Vacant depuis le", D),
    Column(
        "cadastral_rental_value_eur",
        "Cadastral rental value (EUR/year)",
        "Valeur locative cadastrale (€/an)",
        N,
    ),
    Column("status", "Status", "Statut"),
    Column("notes", "Notes", "Remarques"),
)

HOUSEHOLDS = (
    Column("external_ref", "Reference", "Référence"),
    Column("referent_id", "Referent (e-mail)", "Référent (courriel)"),
    Column("adults", "Adults", "Adultes", N),
    Column("children", "Children", "Enfants", N),
    Column("bedrooms_needed", "Bedrooms needed", "Chambres nécessaires", N),
    Column("needs_wheelchair_access", "Needs wheelchair access", "Accès en fauteuil nécessaire", B),
    Column("needs_step_free", "Needs step-free access", "Plain-pied nécessaire", B),
    Column("has_pets", "Pets", "Animaux", B),
    Column("anchor_kind", "Anchor", "Ancrage"),
    Column("anchor_postal_code", "Anchor postal code", "Code postal de l'ancrage", C),
    Column("anchor_commune", "Anchor commune", "Commune de l'ancrage"),
    Column("anchor_latitude", "Anchor latitude", "Latitude de l'ancrage", N),
    Column("anchor_longitude", "Anchor longitude", "Longitude de l'ancrage", N),
    Column("max_distance_km", "Maximum distance (km)", "Distance maximale (km)", N),
    Column("preferred_communes", "Preferred communes (INSEE)", "Communes souhaitées (INSEE)", L),
    Column("excluded_communes", "Excluded communes (INSEE)", "Communes exclues (INSEE)", L),
    Column("earliest_start", "Earliest start", "Entrée possible à partir du", D),
    Column("support_needs", "Support needs", "Besoins d'accompagnement", L),
    Column("priority", "Priority (1-5)", "Priorité (1-5)", N),
    Column("priority_reason", "Reason for priority", "Motif de la priorité"),
    Column("consent_given_on", "Consent given on", "Consentement recueilli le", D),
    Column("consent_purpose", "Consent purpose", "Finalité du consentement"),
    Column("notes", "Notes", "Remarques"),
    Column("contact.full_name", "Full name", "Nom et prénom"),
    Column("contact.phone", "Phone", "Téléphone"),
    Column("contact.email", "E-mail", "Courriel"),
)

ASSOCIATIONS = (
    Column("external_ref", "Reference", "Référence"),
    Column("organisation_id", "Organisation (name or id)", "Organisation (nom ou numéro)"),
    Column("base_postal_code", "Base postal code", "Code postal du siège", C),
    Column("base_commune", "Base commune", "Commune du siège"),
    Column("base_latitude", "Base latitude", "Latitude du siège", N),
    Column("base_longitude", "Base longitude", "Longitude du siège", N),
    Column("radius_km", "Service radius (km)", "Rayon d'intervention (km)", N),
    Column("communes", "Communes served (INSEE)", "Communes desservies (INSEE)", L),
    Column("support_offered", "Support offered", "Accompagnements proposés", L),
    Column("capacity", "Capacity (households)", "Capacité (ménages)", N),
    Column("emergency_phone", "Emergency phone", "Téléphone d'urgence"),
)


def _zlv(field: str, header: str, kind: CellKind = CellKind.TEXT, *aliases: str) -> Column:
    return Column(field, header, header, kind, aliases)


#: The owner columns: the whole "Propriétaires" sheet, and the main owner of each home.
ZLV_OWNER = (
    _zlv("full_name", "Propriétaire destinataire principal", CellKind.TEXT, "Propriétaire"),
    _zlv("birth_date", "Date de naissance du propriétaire", D),
    _zlv("lovac_address", "Adresse LOVAC du propriétaire"),
    _zlv("ban_address", "Adresse BAN du propriétaire"),
    _zlv("", "Adresse BAN du propriétaire - Fiabilité"),
    _zlv("street_number", "Numéro"),
    _zlv("street", "Voie"),
    _zlv("postal_code", "Code postal", C),
    _zlv("commune", "Commune"),
    _zlv("address_complement", "Complément d'adresse du propriétaire"),
    _zlv(
        "relative_location",
        "Localisation du propriétaire",
        CellKind.TEXT,
        "Localisation du propriétaire destinataire principal",
    ),
)

ZLV_HOMES = (
    _zlv("external_ref", "Identifiant fiscal national"),
    _zlv("departmental_ref", "Identifiant fiscal départemental"),
    _zlv("cadastral_ref", "Référence cadastrale"),
    _zlv("insee_code", "Code INSEE commune du logement", C),
    _zlv("lovac_address", "Adresse LOVAC du logement"),
    _zlv("address_details", "Précisions adresse du logement", CellKind.TEXT, "Localisation"),
    _zlv("ban_address", "Adresse BAN du logement"),
    _zlv("", "Fiabilité Adresse BAN du logement (%)", CellKind.TEXT, "Adresse BAN du logement - Fiabilité"),
    _zlv("latitude", "Latitude", N),
    _zlv("longitude", "Longitude", N),
    _zlv("housing_kind", "Type de logement"),
    _zlv("energy_class", "DPE représentatif"),
    _zlv("energy_assessed_on", "Date DPE", D),
    _zlv("surface_m2", "Surface (m²)", N, "Surface"),
    _zlv("rooms", "Nombre de pièces", N),
    _zlv("building_year", "Année de construction", N, "Date de construction"),
    _zlv("occupancy", "Occupation"),
    _zlv("vacant_since_year", "Année de début de vacance", N, "Date de début de vacance"),
    _zlv("zlv_status", "Statut"),
    # The team's follow-up inside ZLV: its own notes about the owner, not Stirrup's to copy.
    _zlv("", "Sous-statut"),
    _zlv("", "Points de blocage", CellKind.TEXT, "Point(s) de blocage"),
    _zlv("", "Évolutions du logement", CellKind.TEXT, "Évolution(s)"),
    _zlv("", "Dispositifs", CellKind.TEXT, "Dispositif(s)"),
    _zlv("campaigns", "Campagnes", CellKind.TEXT, "Campagne(s)"),
    *(column.nested("owner") for column in ZLV_OWNER),
)
