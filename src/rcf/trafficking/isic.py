"""ISIC Rev.4 sections: the UN's classification of industries, which HTCDS uses (tier 1) for the
labour industry of a case. Each section has its UN title for people and the name HTCDS gives it
(``A_AgricultureForestryAndFishing``).
"""

from __future__ import annotations

from rcf.trafficking.codes import Code


class IsicSection(Code):
    """ISIC Rev.4 sections (HTCDS labour industry, tier 1)."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    H = "H"
    I = "I"  # noqa: E741 (the ISIC section letter)
    J = "J"
    K = "K"
    L = "L"
    M = "M"
    N = "N"
    O = "O"  # noqa: E741
    P = "P"
    Q = "Q"
    R = "R"
    S = "S"
    T = "T"
    U = "U"

    @property
    def label(self) -> str:
        return SECTION_TITLES[self.value]

    @property
    def htcds(self) -> str:
        """The HTCDS spelling: the letter and its title in one word (``A_AgricultureForest...``)."""
        return f"{self.value}_{_HTCDS_TITLES[self.value]}"


# The UN's title of each section (ISIC Rev.4).
SECTION_TITLES = {
    "A": "Agriculture, forestry and fishing",
    "B": "Mining and quarrying",
    "C": "Manufacturing",
    "D": "Electricity, gas, steam and air conditioning supply",
    "E": "Water supply; sewerage, waste management and remediation",
    "F": "Construction",
    "G": "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    "H": "Transportation and storage",
    "I": "Accommodation and food service activities",
    "J": "Information and communication",
    "K": "Financial and insurance activities",
    "L": "Real estate activities",
    "M": "Professional, scientific and technical activities",
    "N": "Administrative and support service activities",
    "O": "Public administration and defence; compulsory social security",
    "P": "Education",
    "Q": "Human health and social work activities",
    "R": "Arts, entertainment and recreation",
    "S": "Other service activities",
    "T": "Activities of households as employers",
    "U": "Activities of extraterritorial organizations and bodies",
}
# The titles as HTCDS spells them after the letter, shortened in places.
_HTCDS_TITLES = {
    "A": "AgricultureForestryAndFishing",
    "B": "MiningAndQuarrying",
    "C": "Manufacturing",
    "D": "ElectricityGasSteamAndAirConditioningSupply",
    "E": "WaterSupplySewerageWasteManagement",
    "F": "Construction",
    "G": "WholesaleAndRetailTradeRepairOfMotorVehicles",
    "H": "TransportationAndStorage",
    "I": "AccommodationAndFoodServiceActivities",
    "J": "InformationAndCommunication",
    "K": "FinancialAndInsuranceActivities",
    "L": "RealEstateActivities",
    "M": "ProfessionalScientificAndTechnicalActivities",
    "N": "AdministrativeAndSupportServiceActivities",
    "O": "PublicAdministrationAndDefence",
    "P": "Education",
    "Q": "HumanHealthAndSocialWorkActivities",
    "R": "ArtsEntertainmentAndRecreation",
    "S": "OtherServiceActivities",
    "T": "ActivitiesOfHouseholdsAsEmployers",
    "U": "ActivitiesOfExtraterritorialOrganizations",
}
