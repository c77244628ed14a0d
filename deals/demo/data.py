"""The demo deals, drawn from the council's own examples: each deal's parties, commitments (some
overdue), progress, targets with their accepted figures, and asks of government. Days are offsets from
the day the demo is seeded."""

from deals.models import Commitment, Deal, Party

C = Party.Kind
S = Commitment.Status

PARTNER_EMAIL = "network@employers.example.org"

# Targets: commitment, measure slug, target, baseline, target date (days from today), accepted figures
# as (days from today, number achieved).
TARGETS = {
    "employability-skills-project": [
        (
            "Link every secondary school with at least two local employers.",
            "businesses-engaged",
            22,
            0,
            60,
            [(-120, 6), (-40, 11)],
        ),
        (
            "Offer 60 work experience places and 15 apprenticeships.",
            "work-experience-placements",
            60,
            0,
            200,
            [(-60, 22)],
        ),
        ("Offer 60 work experience places and 15 apprenticeships.", "apprenticeships", 15, 0, 200, [(-60, 4)]),
    ],
    "community-ownership-of-leisure-services": [
        ("Join the trust as members and volunteer at the centre.", "volunteers", 100, 10, 300, [(-20, 45)]),
    ],
    "knowsley-youth-mutual": [
        (
            "Open youth centres on Friday and Saturday evenings.",
            "young-people-supported",
            300,
            0,
            30,
            [(-200, 90), (-30, 212)],
        ),
    ],
    "kirkby-tidy-streets": [
        ("Hold a litter pick on the first Saturday of every month.", "volunteers", 50, 0, 120, [(-25, 35)]),
        ("Keep the pavement outside each shop clear of litter.", "businesses-engaged", 15, 0, 90, [(-60, 4)]),
    ],
    "dementia-friendly-knowsley": [
        (
            "Train staff and hold a quiet hour each week for people with dementia.",
            "businesses-engaged",
            30,
            0,
            100,
            [(-50, 8)],
        ),
    ],
}
GOVERNMENT_ASKS = {
    "employability-skills-project": [
        (
            "Let Knowsley decide how the adult skills budget is spent on young people leaving school.",
            "partly",
            "Government agreed a two-year pilot for 16 to 18 year olds.",
        )
    ],
}

# Each deal: its fields, parties (name, kind, contact name, contact email, organisation name), and
# commitments (party name or None for everyone together, what, days from today or None, status).
DEALS = [
    {
        "slug": "employability-skills-project",
        "title": "Employability Skills Project",
        "shared_goal": "Every young person leaving a Knowsley secondary school is ready for work, training or study.",
        "description": (
            "Secondary schools, local employers and training providers work together so that pupils meet "
            "employers early, try out real work and know the routes into jobs in Knowsley."
        ),
        "status": Deal.Status.ACTIVE,
        "start": -200,
        "review": 10,
        "end": 530,
        "priorities": [1, 3],
        "principles": ["partnerships", "social-value", "prevention"],
        "wards": [],
        "applications": ["Apprentice mentoring 1", "Digital skills for jobseekers 1"],
        "parties": [
            ("Knowsley Council", C.COUNCIL, "Sam Skills", "skills@knowsley.example", None),
            ("Knowsley secondary schools", C.SCHOOL, "Pat Head", "heads@schools.example.org", None),
            ("Knowsley Community College", C.SCHOOL, "Chris College", "partnerships@college.example.org", None),
            ("Local employers' network", C.BUSINESS, "Erin Employer", PARTNER_EMAIL, None),
            ("Department for Education", C.GOVERNMENT, "", "", None),
        ],
        "commitments": [
            ("Knowsley Council", "Pay for a co-ordinator for the project for two years.", -150, S.DONE),
            (
                "Knowsley Council",
                "Link every secondary school with at least two local employers.",
                -20,
                S.ON_TRACK,
            ),
            (
                "Knowsley secondary schools",
                "Give every Year 10 pupil a week's work experience with a local employer.",
                120,
                S.ON_TRACK,
            ),
            (
                "Knowsley Community College",
                "Run taster days in construction, care and digital skills for Year 9 pupils.",
                -10,
                S.NOT_STARTED,
            ),
            ("Local employers' network", "Offer 60 work experience places and 15 apprenticeships.", 200, S.AT_RISK),
            (None, "Ask pupils and employers what worked in the first year, and change the plan.", 90, S.NOT_STARTED),
        ],
        "progress": [
            (-40, None, "Eleven employers have signed up; four schools are linked so far."),
            (-15, "Pay for a co-ordinator for the project for two years.", "The co-ordinator started in post."),
        ],
    },
    {
        "slug": "community-ownership-of-leisure-services",
        "title": "Community ownership of leisure services",
        "shared_goal": "Local people own and run Halewood's leisure centre, keeping it open and shaped by them.",
        "description": (
            "The council hands the running of the leisure centre to a community trust that residents can join "
            "and invest in, with support while the trust finds its feet."
        ),
        "status": Deal.Status.AGREED,
        "start": -60,
        "review": 7,
        "end": 1000,
        "priorities": [4, 5],
        "principles": ["community-leader", "independence", "best-outcomes"],
        "wards": ["Halewood North", "Halewood South", "Halewood West"],
        "applications": [],
        "parties": [
            ("Knowsley Council", C.COUNCIL, "Lee Leisure", "leisure@knowsley.example", None),
            ("Halewood Leisure Community Trust", C.VOLUNTARY, "Tina Trust", "hello@halewoodtrust.example.org", None),
            ("Halewood residents", C.RESIDENTS, "Rita Resident", "residents@halewood.example.org", None),
        ],
        "commitments": [
            (
                "Knowsley Council",
                "Lease the leisure centre to the trust for 25 years at a peppercorn rent.",
                60,
                S.ON_TRACK,
            ),
            (
                "Knowsley Council",
                "Give the trust help with its business plan in its first year.",
                -5,
                S.ON_TRACK,
            ),
            (
                "Halewood Leisure Community Trust",
                "Register as a community benefit society and offer community shares.",
                45,
                S.NOT_STARTED,
            ),
            ("Halewood residents", "Join the trust as members and volunteer at the centre.", None, S.ON_TRACK),
            (None, "Agree the opening hours and prices at an open meeting.", -30, S.DONE),
        ],
        "progress": [
            (-30, "Agree the opening hours and prices at an open meeting.", "120 people came to the meeting.")
        ],
    },
    {
        "slug": "knowsley-youth-mutual",
        "title": "Knowsley youth mutual",
        "shared_goal": "Youth services owned by the staff who run them and the young people who use them.",
        "description": (
            "Youth workers left the council to form an employee- and young-person-owned mutual. Young people sit "
            "on its board and decide what it offers."
        ),
        "status": Deal.Status.ACTIVE,
        "start": -400,
        "review": 30,
        "end": 700,
        "priorities": [3, 5],
        "principles": ["listen", "independence", "best-outcomes"],
        "wards": [],
        "applications": ["Youth sports leaders 1"],
        "parties": [
            ("Knowsley Council", C.COUNCIL, "Yasmin Youth", "youth@knowsley.example", None),
            ("Knowsley Youth Mutual", C.VOLUNTARY, "Max Mutual", "team@youthmutual.example.org", None),
            ("Young people's board", C.RESIDENTS, "Jordan Board", "board@youthmutual.example.org", None),
            ("Merseyside Police", C.PARTNER, "Sergeant Kelly", "knowsley.neighbourhoods@police.example.org", None),
        ],
        "commitments": [
            ("Knowsley Council", "Commission youth services from the mutual for three years.", -380, S.DONE),
            ("Knowsley Council", "Second two youth workers to the mutual.", -45, S.AT_RISK),
            ("Knowsley Youth Mutual", "Give young people half the seats on its board.", -300, S.DONE),
            ("Knowsley Youth Mutual", "Open youth centres on Friday and Saturday evenings.", 30, S.ON_TRACK),
            ("Merseyside Police", "Share what it knows about trouble spots each month.", None, S.ON_TRACK),
            ("Young people's board", "Choose the activities for the summer programme.", 60, S.NOT_STARTED),
            (None, "Publish a yearly report written by young people.", 150, S.NOT_STARTED),
        ],
        "progress": [
            (-90, None, "The mutual's board met for the first time with six young people on it."),
            (
                -20,
                "Second two youth workers to the mutual.",
                "One youth worker has moved across; the second post is vacant.",
            ),
        ],
    },
    {
        "slug": "kirkby-tidy-streets",
        "title": "Kirkby tidy streets",
        "shared_goal": "A clean, tidy town centre that residents and traders are proud of.",
        "description": (
            "Residents and businesses tidy the area together; the council lends the kit and takes the rubbish away."
        ),
        "status": Deal.Status.ACTIVE,
        "start": -120,
        "review": -3,
        "end": 240,
        "priorities": [4],
        "principles": ["partnerships", "independence", "prevention"],
        "wards": ["Kirkby Central"],
        "applications": ["Alleyway clean-up 1", "Litter-pick kit library 1"],
        "parties": [
            ("Knowsley Council", C.COUNCIL, "Terry Streets", "streets@knowsley.example", None),
            ("Kirkby Tidy Streets", C.RESIDENTS, "Kim Tidy", "kirkby-tidy-streets@example.org", "Kirkby Tidy Streets"),
            ("Kirkby town centre traders", C.BUSINESS, "Tom Trader", "traders@kirkby.example.org", None),
        ],
        "commitments": [
            (
                "Knowsley Council",
                "Lend litter-picking kit and collect the bags on the day of each litter pick.",
                None,
                S.ON_TRACK,
            ),
            ("Knowsley Council", "Mend the broken bins on Newtown Gardens.", -14, S.NOT_STARTED),
            ("Kirkby Tidy Streets", "Hold a litter pick on the first Saturday of every month.", None, S.ON_TRACK),
            ("Kirkby town centre traders", "Keep the pavement outside each shop clear of litter.", None, S.ON_TRACK),
            ("Kirkby town centre traders", "Pay for new planters on Cherryfield Drive.", 40, S.NOT_STARTED),
            (None, "Clear the land beside the bus station.", -25, S.DONE),
        ],
        "progress": [(-25, "Clear the land beside the bus station.", "35 volunteers filled 80 bags in a morning.")],
    },
    {
        "slug": "dementia-friendly-knowsley",
        "title": "Dementia-friendly Knowsley",
        "shared_goal": "People with dementia and their carers live well and stay part of their community.",
        "description": (
            "Support for residents with dementia and the people who care for them, close to home: memory cafés, "
            "carers' groups, trained staff and dementia-friendly shops."
        ),
        "status": Deal.Status.ACTIVE,
        "start": -300,
        "review": 45,
        "end": 400,
        "priorities": [2, 5],
        "principles": ["prevention", "independence", "listen"],
        "wards": [],
        "applications": ["Dementia-friendly walks 1", "Carers' respite breaks 1"],
        "parties": [
            ("Knowsley Council", C.COUNCIL, "Dee Care", "adultcare@knowsley.example", None),
            (
                "Knowsley Dementia Friends",
                C.VOLUNTARY,
                "Dana Friend",
                "knowsley-dementia-friends@example.org",
                "Knowsley Dementia Friends",
            ),
            (
                "Shevington Carers Network",
                C.VOLUNTARY,
                "Carl Carer",
                "shevington-carers-network@example.org",
                "Shevington Carers Network",
            ),
            ("Local shops and cafés", C.BUSINESS, "Sally Shop", "shops@example.org", None),
        ],
        "commitments": [
            ("Knowsley Council", "Train every front-line council worker as a Dementia Friend.", -60, S.ON_TRACK),
            ("Knowsley Council", "Give carers one phone number for advice and short breaks.", -200, S.DONE),
            ("Knowsley Dementia Friends", "Run a memory café every week.", None, S.ON_TRACK),
            ("Shevington Carers Network", "Start a carers' group in each township.", 90, S.ON_TRACK),
            (
                "Local shops and cafés",
                "Train staff and hold a quiet hour each week for people with dementia.",
                100,
                S.NOT_STARTED,
            ),
            (None, "Hold an event in Dementia Action Week.", 180, S.NOT_STARTED),
        ],
        "progress": [
            (-50, None, "Four memory cafés now meet each week, with 70 regulars."),
            (-10, "Train every front-line council worker as a Dementia Friend.", "240 of 400 staff have been trained."),
        ],
    },
]
