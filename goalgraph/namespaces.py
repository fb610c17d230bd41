"""RDF namespaces used by goalgraph, each declared once.

``GG`` mirrors ``ontology/goalgraph.ttl`` term by term (``_fail = True``: a typo is an
``AttributeError``); ``tests/test_ontology.py`` checks that the two agree.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, DefinedNamespace

BASE = "https://w3id.org/goalgraph/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
SDG_SCHEME = URIRef("http://metadata.un.org/sdg")
SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace(BASE + "shapes#")


class GG(DefinedNamespace):
    """The goalgraph ontology."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    Achieved: URIRef  # achieved
    ActionPlan: URIRef  # action plan
    Activity: URIRef  # activity
    ActivityLevel: URIRef  # action plans and activities
    Administration: URIRef  # administration
    AggregationMethod: URIRef  # aggregation method
    AggregationMethods: URIRef  # aggregation methods
    AllBodiesContributeToAllGoals: URIRef  # every body contributes to every goal
    AllGoalsSupportLevel: URIRef  # all goals support the level
    AnnualAccounts: URIRef  # annual accounts
    AnnualRevision: URIRef  # yearly revision
    Assessment: URIRef  # assessment
    AttainmentMethod: URIRef  # attainment method
    AttainmentMethods: URIRef  # attainment methods
    AwayFromTarget: URIRef  # moving away from the target
    Bases: URIRef  # bases of links
    Basis: URIRef  # basis of a statement
    Board: URIRef  # board
    BoardGoalLevel: URIRef  # board goal
    Body: URIRef  # body
    Budget: URIRef  # budget
    BudgetPeriod: URIRef  # budget period
    CeilingTarget: URIRef  # ceiling
    ChainElement: URIRef  # goal-chain element
    ChainLinkProperty: URIRef  # goal-chain link
    Citation: URIRef  # citation
    CitizenFeedback: URIRef  # feedback to citizens
    ComparableMunicipalities: URIRef  # average of comparable municipalities
    ComparativeTarget: URIRef  # comparison with others
    ComparisonGroup: URIRef  # comparison group
    ComparisonGroups: URIRef  # comparison groups
    ComprehensivePlan: URIRef  # comprehensive plan
    Council: URIRef  # municipal council
    CouncilGoalLevel: URIRef  # council goal
    CountyAverage: URIRef  # county average
    CuratedByGoalgraph: URIRef  # curated by goalgraph
    DecidedByMunicipality: URIRef  # decided by the municipality
    Decision: URIRef  # decision
    DecisionBodyNotStated: URIRef  # deciding body not stated
    DecisionDateNotStated: URIRef  # decision day not stated
    DerivesFrom: URIRef  # derives from
    Dimension: URIRef  # dimension
    DimensionValue: URIRef  # dimension value
    Document: URIRef  # document
    DraftingCommittee: URIRef  # drafting committee
    ExecutiveBoard: URIRef  # municipal executive board
    ExecutiveOffice: URIRef  # municipal executive office
    ExternalOrganization: URIRef  # external organisation
    FocusArea: URIRef  # focus area
    FocusAreaLevel: URIRef  # focus area
    FollowUpKind: URIRef  # follow-up kind
    FollowUpKinds: URIRef  # follow-up kinds
    FollowUpPoint: URIRef  # follow-up point
    Framework: URIRef  # external goal framework
    FrameworkGoal: URIRef  # framework goal
    FrameworkLink: URIRef  # framework link
    FrameworkLinkKind: URIRef  # framework link kind
    FrameworkLinkKinds: URIRef  # framework link kinds
    Gap: URIRef  # gap in the sources
    GapKind: URIRef  # gap kind
    GapKinds: URIRef  # gaps in the sources
    Goal: URIRef  # goal
    GoalHierarchy: URIRef  # goal hierarchy
    GoalStatus: URIRef  # goal status
    GoalStatuses: URIRef  # goal statuses
    GovernanceLevel: URIRef  # governance level
    GovernanceModel: URIRef  # governance model
    GovernanceRule: URIRef  # governance rule
    GoverningDocument: URIRef  # governing document
    Guideline: URIRef  # guideline
    HeadingPeriod: URIRef  # period of a heading
    Indicator: URIRef  # indicator
    IndicatorsDecidedByBodyType: URIRef  # indicators decided by body type
    InferredByEditor: URIRef  # inferred by the editor
    InterimReport: URIRef  # interim report
    IsFrameworkGoal: URIRef  # is the framework goal
    JointBody: URIRef  # joint body
    LevelDeciderNotStated: URIRef  # level's deciding body not stated
    LevelKind: URIRef  # level kind
    LevelKinds: URIRef  # level kinds
    LevelTarget: URIRef  # level to reach
    MandatePeriod: URIRef  # mandate period
    MilestoneTarget: URIRef  # milestone
    MunicipalCompany: URIRef  # municipal company
    Municipality: URIRef  # municipality
    NationalAverage: URIRef  # national average
    NoChange: URIRef  # unchanged
    NoData: URIRef  # no data
    NotAchieved: URIRef  # not achieved
    NotRetrieved: URIRef  # not read
    OfficialReport: URIRef  # official report
    OperationalGoalLevel: URIRef  # operational goal
    OperationalUnit: URIRef  # operational unit
    OverarchingGoalLevel: URIRef  # overarching goal
    OverarchingSubGoalLevel: URIRef  # sub-goal of the overarching goal
    OwnerNotStated: URIRef  # owner not stated
    ParentNotStated: URIRef  # parent not stated
    PartlyAchieved: URIRef  # partly achieved
    Period: URIRef  # period
    Plan: URIRef  # plan
    Policy: URIRef  # policy
    Process: URIRef  # process
    ProcessStep: URIRef  # process step
    Programme: URIRef  # programme
    ProgressFromBaseline: URIRef  # progress from baseline
    QualifiedLink: URIRef  # qualified link
    RankingTarget: URIRef  # ranking place
    RatioToTarget: URIRef  # ratio to target
    RecurringTarget: URIRef  # every year
    RelativeTarget: URIRef  # change from a baseline year
    Result: URIRef  # result
    RollUpRule: URIRef  # roll-up rule
    RuleKind: URIRef  # rule kind
    RuleKinds: URIRef  # rule kinds
    SdgContribution: URIRef  # contribution to Agenda 2030
    SourceCutOff: URIRef  # source cut off
    StagedTarget: URIRef  # staged target
    StatedInSource: URIRef  # stated in the source
    StatusBand: URIRef  # status band
    Strategy: URIRef  # strategy
    SubCommittee: URIRef  # sub-committee
    Suggested: URIRef  # suggested
    TargetKind: URIRef  # target kind
    TargetKinds: URIRef  # target kinds
    TowardsTarget: URIRef  # moving towards the target
    Trend: URIRef  # trend
    Trends: URIRef  # trends
    Vision: URIRef  # vision
    VisionLevel: URIRef  # vision
    WeightedMean: URIRef  # weighted mean
    Weighting: URIRef  # weighting
    WorkingCommittee: URIRef  # working committee
    WorstOf: URIRef  # worst of
    YearPeriod: URIRef  # single year
    achievedCount: URIRef  # number achieved
    adopts: URIRef  # adopts
    aggregation: URIRef  # aggregation
    alternativeDate: URIRef  # alternative date
    appliesToBodyType: URIRef  # applies to body type
    appliesToLevel: URIRef  # applies to level
    assessedBy: URIRef  # assessed by
    assessedCount: URIRef  # number assessed
    assessedPeriod: URIRef  # assessed period
    assesses: URIRef  # assesses
    atLevel: URIRef  # at level
    attainmentMethod: URIRef  # attainment method
    baselineValue: URIRef  # baseline value
    baselineYear: URIRef  # baseline year
    basis: URIRef  # basis
    caseNumber: URIRef  # case number
    citation: URIRef  # citation
    citedDocument: URIRef  # cited document
    colour: URIRef  # colour
    comparedWith: URIRef  # compared with
    contributingBody: URIRef  # contributing body
    decidedBy: URIRef  # decided by
    decidedByType: URIRef  # decided by body type
    definedIn: URIRef  # defined in
    dimensionValue: URIRef  # dimension value
    earliestDate: URIRef  # earliest date
    establishes: URIRef  # establishes
    everyYear: URIRef  # every year
    feedsBackTo: URIRef  # feeds back to
    followUpKind: URIRef  # follow-up kind
    followUpPoint: URIRef  # follow-up point
    followsUpLevel: URIRef  # follows up level
    framework: URIRef  # framework
    frameworkGoal: URIRef  # framework goal
    frameworkLink: URIRef  # framework link
    gapKind: URIRef  # gap kind
    gapOf: URIRef  # gap of
    hasBand: URIRef  # has status band
    hasDimension: URIRef  # has dimension
    hasHierarchy: URIRef  # has hierarchy
    hasIndicator: URIRef  # has indicator
    hasLevel: URIRef  # has level
    hasResult: URIRef  # has result
    hasRule: URIRef  # has rule
    hasStagedTarget: URIRef  # has staged target
    hasStep: URIRef  # has step
    hasWeighting: URIRef  # has weighting
    higherIsBetter: URIRef  # higher is better
    inFramework: URIRef  # in framework
    inHierarchy: URIRef  # in hierarchy
    includesGoal: URIRef  # includes goal
    indicatorsHere: URIRef  # indicators at this level
    koladaId: URIRef  # Kolada id
    latestDate: URIRef  # latest date
    leftOpenBy: URIRef  # left open by
    levelKind: URIRef  # level kind
    linkKind: URIRef  # link kind
    linkProperty: URIRef  # link property
    linkTarget: URIRef  # link target
    locator: URIRef  # locator
    matchedTerm: URIRef  # matched term
    measuredValue: URIRef  # measured value
    memberClass: URIRef  # member class
    minAttainment: URIRef  # minimum attainment
    modelOf: URIRef  # model of
    motivation: URIRef  # motivation
    municipality: URIRef  # municipality
    municipalityCode: URIRef  # municipality code
    notAchievedCount: URIRef  # number not achieved
    openProperty: URIRef  # open property
    ownedBy: URIRef  # owned by
    ownerType: URIRef  # owner type
    paragraph: URIRef  # paragraph
    parentLevel: URIRef  # parent level
    partlyAchievedCount: URIRef  # number partly achieved
    passage: URIRef  # passage
    performedBy: URIRef  # performed by
    period: URIRef  # period
    plannedDate: URIRef  # planned date
    processOf: URIRef  # process for
    produces: URIRef  # produces
    proposedBy: URIRef  # proposed by
    proposes: URIRef  # proposes
    qualifiedLink: URIRef  # qualified link
    rank: URIRef  # rank
    reason: URIRef  # reason
    recurringMonth: URIRef  # recurs in the month
    referenceValue: URIRef  # comparison value
    relativeChange: URIRef  # change from the baseline year
    replacedByDecision: URIRef  # replaced by decision
    reportsTo: URIRef  # reports to
    retrieved: URIRef  # retrieved
    rollUpRule: URIRef  # roll-up rule
    ruleKind: URIRef  # rule kind
    sdg: URIRef  # SDG goal or target
    sdgContribution: URIRef  # contributes to Agenda 2030
    shortLabel: URIRef  # short label
    stageValue: URIRef  # stage value
    stageYear: URIRef  # stage year
    statedCount: URIRef  # count stated in the source
    status: URIRef  # status
    statusFromAssessment: URIRef  # status from assessment
    stepKind: URIRef  # step kind
    stepOrder: URIRef  # step order
    suggestionScore: URIRef  # suggestion score
    supports: URIRef  # supports
    supportsGoal: URIRef  # supports goal
    symbol: URIRef  # symbol
    targetKind: URIRef  # target kind
    targetValue: URIRef  # target value
    targetYear: URIRef  # target year
    timesPerYear: URIRef  # times per year
    trend: URIRef  # trend
    unit: URIRef  # unit
    uriInKosDump: URIRef  # in the UN KOS dump
    usesTargetKind: URIRef  # uses target kind
    validDuring: URIRef  # valid during
    validFrom: URIRef  # valid from
    validThrough: URIRef  # valid through
    weight: URIRef  # weight
    weightOf: URIRef  # weight of
    yearsNotStated: URIRef  # years not stated


PREFIXES: dict[str, str] = {
    "gg": str(GG),
    "id": str(ID),
    "sdg": str(SDG),
    "sdgo": str(SDGO),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "prov": str(PROV),
    "time": str(TIME),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "ggsh": str(SHAPES),
}


def municipality_iri(slug: str) -> URIRef:
    """The IRI of the municipality with this slug, e.g. ``nora``."""
    return ID[slug]


def municipality_graph(slug: str) -> URIRef:
    """The named graph that holds one municipality's data."""
    return GRAPH[slug]


def municipality_ns(slug: str) -> Namespace:
    """The namespace for the resources of one municipality."""
    return Namespace(f"{ID}{slug}/")
