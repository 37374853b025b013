"""The site's first pages; a data migration loads them once on a fresh database, never overwriting staff edits."""

# Citations are taken from shared/content/facts-and-references.md. A DOI or PMID appears only
# where that file confirms it. Claims it marks "Partial" are worded cautiously on the pages and must
# be checked by the practice's clinical reviewer before the pages are published. Square brackets in
# a citation mark a description of the work where the facts file does not give its title.

GAYNES_2020 = (
    "Gaynes BN, Lux L, Gartlehner G, et al. Defining treatment-resistant depression. "
    "Depress Anxiety. 2020;37(2):134–145. doi:10.1002/da.22968. PMID: 31638723.",
    "https://doi.org/10.1002/da.22968",
)
CANADIAN_2021 = (
    "Treatment-resistant major depressive disorder: Canadian expert consensus on definition and "
    "assessment. Depress Anxiety. 2021;38(4):456–467. doi:10.1002/da.23135. PMID: 33528865.",
    "https://doi.org/10.1002/da.23135",
)
RUSH_2006 = (
    "Rush AJ, Trivedi MH, Wisniewski SR, et al. Acute and longer-term outcomes in depressed "
    "outpatients requiring one or several treatment steps: a STAR*D report. Am J Psychiatry. "
    "2006;163(11):1905. doi:10.1176/ajp.2006.163.11.1905.",
    "https://doi.org/10.1176/ajp.2006.163.11.1905",
)
PIGOTT_2023 = (
    "Pigott HE, Kim T, Xu C, Kirsch I, Amsterdam J. [Reanalysis of STAR*D patient-level data.] "
    "BMJ Open. 2023;13(7):e063095. doi:10.1136/bmjopen-2022-063095.",
    "https://doi.org/10.1136/bmjopen-2022-063095",
)
STARD_REPLY = (
    "Letter from the original STAR*D investigators disputing the 2023 reanalysis. "
    "Am J Psychiatry. doi:10.1176/appi.ajp.20230869.",
    "https://doi.org/10.1176/appi.ajp.20230869",
)
ZARATE_2006 = (
    "Zarate CA Jr, Singh JB, Carlson PJ, Brutsche NE, Ameli R, Luckenbaugh DA, Charney DS, "
    "Manji HK. A randomized trial of an N-methyl-D-aspartate antagonist in treatment-resistant "
    "major depression. Arch Gen Psychiatry. 2006;63(8):856–864. doi:10.1001/archpsyc.63.8.856. "
    "PMID: 16894061.",
    "https://doi.org/10.1001/archpsyc.63.8.856",
)
WILKINSON_2018 = (
    "Wilkinson ST, Ballard ED, Bloch MH, Mathew SJ, Murrough JW, Feder A, Sos P, Wang G, "
    "Zarate CA Jr, Sanacora G. [Individual-participant-data meta-analysis of a single intravenous "
    "ketamine dose and suicidal ideation.] Am J Psychiatry. 2018;175(2):150–158. "
    "doi:10.1176/appi.ajp.2017.17040472. PMID: 28969441.",
    "https://doi.org/10.1176/appi.ajp.2017.17040472",
)
GRUNEBAUM_2018 = (
    "Grunebaum MF, Galfalvy HC, Choo TH, et al. Ketamine for rapid reduction of suicidal thoughts "
    "in major depression: a midazolam-controlled randomized clinical trial. Am J Psychiatry. "
    "2018;175(4). doi:10.1176/appi.ajp.2017.17060647.",
    "https://doi.org/10.1176/appi.ajp.2017.17060647",
)
SPRAVATO_2019_APPROVAL = (
    "FDA approval of Spravato (esketamine) nasal spray for treatment-resistant depression in "
    "adults, with an oral antidepressant, 5 March 2019. Janssen news release and NAMI, "
    "5 March 2019; openFDA NDC marketing start date 2019-03-05.",
    "",
)
SPRAVATO_2020_APPROVAL = (
    "Janssen. Announcement of FDA approval of Spravato for depressive symptoms in adults with "
    "major depressive disorder with acute suicidal ideation or behavior, with an oral "
    "antidepressant, 3 August 2020.",
    "",
)
SPRAVATO_2025_APPROVAL = (
    "Johnson & Johnson. Announcement of FDA approval of Spravato as monotherapy for adults with "
    "treatment-resistant depression, 21 January 2025.",
    "",
)
SPRAVATO_LABEL = (
    "Spravato (esketamine) nasal spray, US prescribing information (label), including its "
    "indications, boxed warning, contraindications and medication guide. Janssen "
    "Pharmaceuticals; first approved 2019.",
    "",
)
SPRAVATO_REMS = (
    "US Food and Drug Administration. Spravato (esketamine) Risk Evaluation and Mitigation "
    "Strategy (REMS).",
    "https://www.accessdata.fda.gov/scripts/cder/rems/index.cfm?event=RemsDetails.page&REMS=386",
)
SPRAVATO_DRIVING = (
    "Spravato (esketamine) patient drug information (drug monograph): no driving or operating "
    "machinery until the next day after a restful sleep.",
    "",
)
FDA_2019_RELEASE = (
    "US Food and Drug Administration. News release on the approval of Spravato (esketamine) "
    "nasal spray, March 2019, listing its common side effects (as quoted in press reports).",
    "",
)
SPRAVATO_PATIENT_SITE = (
    "Janssen. Spravato patient website: “the exact way SPRAVATO works is not fully understood.”",
    "",
)
LI_2010 = (
    "Li N, Lee B, Liu RJ, et al. mTOR-dependent synapse formation underlies the rapid "
    "antidepressant effects of NMDA antagonists. Science. 2010;329(5994):959–964. "
    "doi:10.1126/science.1190287. PMID: 20724638. (Animal study.)",
    "https://doi.org/10.1126/science.1190287",
)
DUMAN_2012 = (
    "Duman RS, Aghajanian GK. Synaptic dysfunction in depression: potential therapeutic targets. "
    "Science. 2012.",
    "",
)
KRYSTAL_2019 = (
    "Krystal JH, Abdallah CG, Sanacora G, Charney DS, Duman RS. Ketamine: a paradigm shift for "
    "depression research and treatment. Neuron. 2019;(5):774–778.",
    "",
)
GLUE_2018 = (
    "Glue P, Neehoff SM, Medlicott NJ, Gray A, Kibby G, McNaughton N. [Open-label study of "
    "ketamine in 20 patients with anxiety.] J Psychopharmacol. 2018;32(6):663–667. "
    "doi:10.1177/0269881118762073. PMID: 29561204.",
    "https://doi.org/10.1177/0269881118762073",
)
PSYCHIATR_ANN_2018 = (
    "[Review of the side effects of ketamine and the screening of patients before treatment.] "
    "Psychiatr Ann. 2018;48(4):170–174. (Authors not confirmed.)",
    "",
)
SANACORA_2017 = (
    "Sanacora G, Frye MA, McDonald W, Mathew SJ, Turner MS, Schatzberg AF, Summergrad P, "
    "Nemeroff CB. A consensus statement on the use of ketamine in the treatment of mood "
    "disorders. JAMA Psychiatry. 2017;74:399–405. doi:10.1001/jamapsychiatry.2017.0080.",
    "https://doi.org/10.1001/jamapsychiatry.2017.0080",
)
COHEN_2018 = (
    "Cohen SP, et al. [Consensus guidelines of the ASRA, AAPM and ASA on intravenous ketamine "
    "infusions for chronic pain.] Reg Anesth Pain Med. 2018;43(5):521–546. "
    "doi:10.1097/AAP.0000000000000808.",
    "https://doi.org/10.1097/AAP.0000000000000808",
)
PARIKH_2021 = (
    "Parikh SV, et al. [Review stating that ketamine “remains unapproved for psychiatric "
    "indications”.] Psychopharmacol Bull. 2021;51(3):109–124. PMID: 34421148.",
    "https://pubmed.ncbi.nlm.nih.gov/34421148/",
)
PTSD_RCT_2021 = (
    "[Randomized trial of six ketamine infusions versus midazolam in 30 patients with chronic "
    "PTSD.] Am J Psychiatry. doi:10.1176/appi.ajp.2020.20050596.",
    "https://doi.org/10.1176/appi.ajp.2020.20050596",
)
ABDALLAH_2022 = (
    "Abdallah CG, et al. [Multisite VA trial of ketamine in 158 patients with PTSD.] "
    "Neuropsychopharmacology. 2022. doi:10.1038/s41386-022-01266-9.",
    "https://doi.org/10.1038/s41386-022-01266-9",
)
RODRIGUEZ_2013 = (
    "Rodriguez CI, et al. [Crossover trial of ketamine in 15 patients with obsessive-compulsive "
    "disorder.] Neuropsychopharmacology. 2013;38(12):2475–2483.",
    "",
)
SOCIAL_ANXIETY_RCT = (
    "[Small crossover randomized trial of ketamine in 18 patients with social anxiety disorder.] "
    "PMCID: PMC5729569.",
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC5729569/",
)
DIAZGRANADOS_2010 = (
    "Diazgranados N, et al. [Randomized add-on trial of ketamine in 18 patients with bipolar "
    "depression taking lithium or valproate.] Arch Gen Psychiatry. 2010. PMCID: PMC3000408.",
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC3000408/",
)
BIPOLAR_REPLICATION_2012 = (
    "[Replication trial of ketamine in 15 patients with bipolar depression.] Biol Psychiatry. 2012.",
    "",
)
HARDY_2012 = (
    "Hardy J, et al. [Randomized trial of ketamine in 185 patients with cancer pain.] "
    "J Clin Oncol. 2012;30(29):3611–3617. doi:10.1200/JCO.2012.42.1081. PMID: 22965960.",
    "https://doi.org/10.1200/JCO.2012.42.1081",
)
SAMHSA_988 = (
    "Substance Abuse and Mental Health Services Administration (SAMHSA). 988 Frequently Asked "
    "Questions.",
    "https://www.samhsa.gov/mental-health/988/faqs",
)
LIFELINE_988 = (
    "988 Suicide & Crisis Lifeline.",
    "https://988lifeline.org/",
)


PAGES = [
    {
        "slug": "home",
        "title": "Help for depression that has not lifted",
        "nav_title": "Home",
        "meta_description": (
            "Stanford Psychological Services offers ketamine therapy, with careful medical "
            "monitoring, for depression that has not eased with other treatment."
        ),
        "summary": "Help and hope for depression that has not lifted with other treatment.",
        "is_medical": True,
        "show_in_navigation": False,
        "navigation_order": 0,
        "body": """\
Maybe you have tried medicine. Maybe you have tried therapy and changes to your daily life. And
still, the depression has not lifted. If so, you are not alone. It is not your fault, and it does
not mean you have run out of options.

## There are other options

Some people need a different kind of treatment. We offer ketamine therapy for depression that has
not eased with other care. Ketamine is always given in a medical setting. Trained staff watch over
you the whole time.

## Relief that may come sooner

Standard antidepressants can take weeks to months to help. Experts suggest giving each one at
least 4 to 6 weeks [1](#ref-1). Ketamine works in a different way. In some people, it may ease
symptoms within hours to days [2](#ref-2).

In one small study, 18 people with hard-to-treat depression got one dose of ketamine by drip into
a vein. On another day, they got a drip of salt water with no medicine, called a placebo. Mood got better
with ketamine than with the placebo within 110 minutes [2](#ref-2). The day
after, 71% of the 17 people given ketamine had responded [2](#ref-2). About a third still had a
response a week later [2](#ref-2). This was a small study. Ketamine does not help everyone, and we
will be honest with you about what it can and cannot do.

## Where to start

The pages below explain treatment-resistant depression, how ketamine therapy works, and its side
effects. Take your time. When you feel ready, you can
[request a consultation](/consultation/). A member of our team will get in touch.

If you are thinking about suicide, or you are in danger now, please do not wait.
[Get help now](/need-help-now/). Call or text 988, or call 911.
""",
        "references": [CANADIAN_2021, ZARATE_2006],
        "faq": [],
    },
    {
        "slug": "treatment-resistant-depression",
        "title": "Treatment-resistant depression",
        "nav_title": "Treatment-resistant depression",
        "meta_description": (
            "What treatment-resistant depression is, how it can feel, how common it is, and the "
            "options you still have. Written in plain language."
        ),
        "summary": "What it means when depression does not lift, and why it is not your fault.",
        "is_medical": True,
        "show_in_navigation": True,
        "navigation_order": 10,
        "body": """\
For some people, depression stays even after they have done everything that was asked of them.
If that is you, this page explains what may be going on. It also explains what you can still try.

## What is treatment-resistant depression?

Doctors use the term treatment-resistant depression, or TRD, when depression has not eased enough
after at least two antidepressants. Each one should have been taken at a high enough dose, and for
long enough [1](#ref-1). Many people have also tried talk therapy or changes to daily life.

There is no single agreed definition [1](#ref-1). Experts do not agree on how long "long enough"
is [1](#ref-1). One Canadian expert group said each medicine should be tried for at least 4 to 6
weeks. It said a medicine has not worked if symptoms drop by less than half [2](#ref-2).

## How it can show up

TRD can look different for each person. You may notice that:

- You feel flat, or down most of the time.
- You have little energy, or find it hard to focus, even with treatment.
- You have thoughts of suicide that do not go away. If so, please see [Need help now?](/need-help-now/) or call or text 988.
- You feel that nothing works.

## How common is it?

Many people do not get well on their first antidepressant. A large US study called STAR*D looked
at this. It followed 3,671 people. It measured remission. Remission means the symptoms had mostly
gone, not just eased a little [3](#ref-3).

- About 37% were in remission after the first medicine [3](#ref-3).
- People who did not get well could try up to four steps of treatment [3](#ref-3).
- After all four steps, about two in three had reached remission. About one in three had not [3](#ref-3).

A later look at the same data found lower rates: about 35% in remission after all steps
[4](#ref-4). The first team disputes that result [5](#ref-5). Either way, many people need more
than one try, and some need a new kind of help.

## Why is it called "resistant"?

The word "resistant" is about the illness, not about you. It means the usual treatments did not
work well enough for you. It does not mean you did something wrong. It does not mean you did not
try hard enough. People respond to treatment in different ways.

## Signs you may have TRD

- You have tried two or more antidepressants, each at a good dose and for long enough, and you still feel unwell [1](#ref-1).
- A medicine helped a bit, but your symptoms never dropped by half or more [2](#ref-2).
- You have also tried therapy or changes to your daily life, and you still struggle.

Only a clinician can tell you for sure, after a full check of your health and history.

## Why does it happen?

No one knows for sure why some people do not get better with standard treatment. Researchers are
still learning. Some think depression may involve weak or lost links between brain cells
[6](#ref-6). In rats, stress harmed these links, and ketamine helped repair them [7](#ref-7). This
has not been proven in people.

When we meet you, we look at the whole picture. This includes:

- The medicines you have tried, the doses, and how your body handled them.
- Other health problems, such as anxiety, PTSD, bipolar disorder, chronic pain, hormone problems or sleep problems.
- Trauma, and stress that has gone on for a long time.
- Any use of alcohol or drugs, and any past psychosis (losing touch with reality). These matter when we plan treatment [8](#ref-8).

## What you can do

You still have options. With your care team, you might:

- Try a different medicine, or a new mix of medicines.
- Try a different talk therapy, such as CBT, DBT or ACT. These teach skills to handle hard thoughts and feelings.
- Ask about newer treatments, such as [ketamine therapy](/ketamine-therapy/). One form of it is FDA-approved for TRD [9](#ref-9).
- Look after your whole self: sleep, movement, food, and support from people you trust.

You can read more about [who might benefit](/who-might-benefit/) from ketamine therapy, or
[request a consultation](/consultation/).
""",
        "references": [
            GAYNES_2020,
            CANADIAN_2021,
            RUSH_2006,
            PIGOTT_2023,
            STARD_REPLY,
            DUMAN_2012,
            LI_2010,
            SANACORA_2017,
            SPRAVATO_2019_APPROVAL,
        ],
        "faq": [],
    },
    {
        "slug": "ketamine-therapy",
        "title": "Ketamine therapy",
        "nav_title": "Ketamine therapy",
        "meta_description": (
            "How ketamine therapy for depression works, the forms it comes in (IV, lozenge and "
            "Spravato nasal spray), and how each is given safely."
        ),
        "summary": "How ketamine works, the forms it comes in, and how it is given safely.",
        "is_medical": True,
        "show_in_navigation": True,
        "navigation_order": 20,
        "body": """\
Ketamine is a medicine that was first used for surgery. Today, it is also used to treat
depression that has not lifted with other care. This page explains how it works, the forms
it comes in, and how it is given.

## Where ketamine comes from

Ketamine was first used as an anesthetic. An anesthetic is a medicine that puts people into a
deep sleep for surgery. In its generic form, that is still the only use the FDA has approved
[1](#ref-1). Later, researchers found that a single low dose could ease depression in some people
within hours [2](#ref-2).

## How it works

Ketamine works in a different way from standard depression medicines [3](#ref-3). It acts on
glutamate [4](#ref-4). Glutamate is a chemical messenger. Brain cells
use it to pass signals to each other.

In rats, ketamine quickly helped brain cells grow new links to each other. It also repaired links
that stress had harmed [4](#ref-4). Some scientists think something like this may happen in
people, too [5](#ref-5). New links might help the brain get out of stuck patterns. But this has
not been proven in people. Even the maker of Spravato says the exact way it works is not fully
understood [6](#ref-6).

## The forms of ketamine

### IV ketamine infusion

An infusion is a slow drip of medicine into a vein through a thin tube. This is called IV, which
stands for intravenous. Many of the key studies of ketamine for depression used it this way
[2](#ref-2) [7](#ref-7). Using generic ketamine for depression is off-label [1](#ref-1).
Off-label means a doctor uses an approved medicine for a purpose the FDA has not approved.

### Ketamine lozenge

A lozenge is a tablet that melts slowly in your mouth. This use is also off-label [1](#ref-1). At
our practice, every dose is taken in the clinic, with trained staff present.

### Spravato (esketamine nasal spray)

Spravato is a nasal spray. It contains esketamine, which is a form of the ketamine molecule
[8](#ref-8). The FDA approved it in March 2019 for adults with TRD. It was approved for use with
an antidepressant taken by mouth [9](#ref-9). In 2020, the maker announced a second approval. It
covers adults with major depression who have sudden thoughts of suicide, or who have acted on
them. It is used with an antidepressant taken by mouth [10](#ref-10). In January 2025, the maker
announced it could also be used on its own for adults with TRD [11](#ref-11). According to its label,
it is not approved for children or for use in surgery [8](#ref-8).

You use the spray yourself, while staff watch. It is only given in clinics that are certified
under an FDA safety program called REMS. You never take it home. Staff watch you for at least 2
hours after each dose, until it is safe for you to leave [12](#ref-12).

## The three forms side by side

This table compares IV ketamine, the ketamine lozenge and Spravato: how the FDA views each one for
depression, where it is given, how you are watched, and driving afterwards.

| Topic | IV ketamine infusion | Ketamine lozenge | Spravato (esketamine nasal spray) |
|---|---|---|---|
| FDA status for depression | Not FDA-approved for depression (off-label) [1](#ref-1) | Not FDA-approved for depression (off-label) [1](#ref-1) | FDA-approved for adults with TRD: with an oral antidepressant since 2019 [9](#ref-9), and on its own since 2025, its maker reports [11](#ref-11). Also for major depression with acute suicidal thoughts, with an oral antidepressant [10](#ref-10) |
| Where it is given | At our practice, only in a medical setting with trained staff | At our practice, only in the clinic with trained staff; never taken home | Only in a REMS-certified healthcare setting; you use it under direct observation; never dispensed for home use [12](#ref-12) |
| Monitoring | Trained staff stay with you; ketamine can raise blood pressure and heart rate for a short time [13](#ref-13). Your clinician will explain the checks | Your clinician will explain | At least 2 hours after each dose, until sedation, dissociation and breathing effects have passed and a clinician judges you stable to leave [12](#ref-12) |
| Driving afterwards | Your clinician will explain when it is safe to drive | Your clinician will explain when it is safe to drive | Not until the next day after a restful sleep, according to patient drug information [14](#ref-14) |

## Always in a medical setting

Ketamine is never something to use alone or at home. At our practice, every session takes place
in a medical setting. A trained provider watches you the whole time. Ketamine can briefly raise
blood pressure and heart rate. It can also change how you sense the world for a short while
[13](#ref-13). That is why we watch closely. You can read more about
[side effects and safety](/side-effects-and-safety/).

## Ketamine-assisted psychotherapy (KAP)

Some people have ketamine together with talk therapy. This is called ketamine-assisted
psychotherapy, or KAP. In studies, some people felt better the day after a dose [2](#ref-2). KAP
uses that time for therapy. With your therapist, you may work on painful thoughts, hard memories
or next steps in your life. KAP is only done with trained staff and a careful plan. It is never
done casually.

To see what the steps look like, read [what to expect](/what-to-expect/).
""",
        "references": [
            PARIKH_2021,
            ZARATE_2006,
            KRYSTAL_2019,
            LI_2010,
            DUMAN_2012,
            SPRAVATO_PATIENT_SITE,
            WILKINSON_2018,
            SPRAVATO_LABEL,
            SPRAVATO_2019_APPROVAL,
            SPRAVATO_2020_APPROVAL,
            SPRAVATO_2025_APPROVAL,
            SPRAVATO_REMS,
            PSYCHIATR_ANN_2018,
            SPRAVATO_DRIVING,
        ],
        "faq": [],
    },
    {
        "slug": "benefits",
        "title": "Benefits of ketamine therapy",
        "nav_title": "Benefits",
        "meta_description": (
            "Five reasons people turn to ketamine therapy for hard-to-treat depression, and what "
            "the research does and does not show."
        ),
        "summary": "Five reasons people turn to ketamine therapy, and what the research shows.",
        "is_medical": True,
        "show_in_navigation": True,
        "navigation_order": 30,
        "body": """\
Ketamine therapy is not a cure, and it is not right for everyone. But for some people, it may help
when other treatments have not. Here are five reasons people turn to it. For each one, we say what
the research shows, and where it falls short.

## 1. Relief when nothing else has worked

Ketamine acts on glutamate [1](#ref-1). Glutamate is a chemical messenger that brain cells use to
signal each other. This is a different path from most depression medicines [2](#ref-2). Key
studies tested ketamine in people whose depression had not eased with other treatment
[3](#ref-3). One form, Spravato, is FDA-approved for adults with treatment-resistant depression
[4](#ref-4).

## 2. Fast improvement

Standard antidepressants take time. Experts suggest trying each one for at least 4 to 6 weeks
before deciding if it works [5](#ref-5). Ketamine may work much faster for some people.

In a small study from 2006, 18 people with hard-to-treat depression each got one dose of ketamine
by drip into a vein. On another day, they got a placebo. A placebo is a dummy treatment. Here it
was a drip of salt water with no medicine in it [3](#ref-3).

- Mood got better with ketamine than with the placebo within 110 minutes [3](#ref-3).
- The day after, 71% of the 17 people given ketamine had responded. This means their symptoms had improved a lot [3](#ref-3).
- On that day, 29% of the 17 were in remission, which means their symptoms had mostly gone [3](#ref-3).
- About 35% still had a response at least a week later [3](#ref-3).

This was a small study. The placebo was a salt-water drip, not another active medicine. So the
results need care. Not everyone responds, and the effect often fades.

## 3. Fewer suicidal thoughts, quickly

A 2018 review pooled 10 trials. It included 167 people who had thoughts of suicide at the start.
One dose of ketamine by drip eased these thoughts within a day. The effect lasted for up to a week
[6](#ref-6). This was partly separate from any change in mood [6](#ref-6). Another trial had 80
adults with depression and thoughts of suicide. After 24 hours, 55% had a strong drop in these
thoughts with ketamine. That was true for 30% of those given a different drug [7](#ref-7).

This is important: these studies do not show that ketamine prevents suicide. The Spravato label
says it has not been shown to prevent suicide, or to reduce suicidal thoughts or behavior. It does
not replace a stay in the hospital when one is needed [8](#ref-8). If you are in danger now, please
go to [Need help now?](/need-help-now/), or call or text 988.

## 4. Brain links and healing

In rats, ketamine quickly helped brain cells grow new links. It also repaired links that stress
had harmed [1](#ref-1). Some scientists think this may explain part of its effect in people
[9](#ref-9) [2](#ref-2). But these were animal studies. This has not been proven in people. The
maker of Spravato says the exact way it works is not fully understood [10](#ref-10).

## 5. A window for long-term recovery

Ketamine is not a cure. Relief may fade. In the 2006 study, about a third still had a response
after a week [3](#ref-3). So we think of any relief as a window. During that time, therapy,
self-care and changes to daily life may feel easier to start. That is why we pair ketamine with
talk therapy and a longer plan. You can read about this on our
[ketamine therapy](/ketamine-therapy/) page.

To find out if ketamine might fit your situation, read [who might benefit](/who-might-benefit/),
or [request a consultation](/consultation/).
""",
        "references": [
            LI_2010,
            KRYSTAL_2019,
            ZARATE_2006,
            SPRAVATO_2019_APPROVAL,
            CANADIAN_2021,
            WILKINSON_2018,
            GRUNEBAUM_2018,
            SPRAVATO_LABEL,
            DUMAN_2012,
            SPRAVATO_PATIENT_SITE,
        ],
        "faq": [],
    },
    {
        "slug": "who-might-benefit",
        "title": "Who might benefit from ketamine therapy",
        "nav_title": "Who might benefit",
        "meta_description": (
            "Which conditions ketamine has been studied for, how strong the evidence is for each, "
            "which uses are FDA-approved, and who may not be a good fit."
        ),
        "summary": "Which conditions ketamine may help, how strong the evidence is, and who it may not suit.",
        "is_medical": True,
        "show_in_navigation": True,
        "navigation_order": 40,
        "body": """\
Ketamine therapy may help some people, but not everyone. Below, we list the conditions it has been
studied for. For each one, we say how strong the evidence is, and if the FDA has approved the use.

Generic ketamine is FDA-approved only for use in surgery [1](#ref-1). Using it for anything else is
off-label. Off-label means a doctor uses an approved medicine for a purpose the FDA has not
approved. Spravato is a nasal spray that contains esketamine, a form of ketamine. It is approved
only for the two depression uses below [2](#ref-2). None of the other uses on this page is
FDA-approved [1](#ref-1).

## Conditions and the evidence

### Treatment-resistant depression (TRD)

<span class="evidence evidence-approved">FDA-approved (Spravato)</span> Spravato is approved for
adults with TRD, with an antidepressant taken by mouth [2](#ref-2). In 2025, its maker announced
that it can also be used on its own [3](#ref-3).
Generic ketamine, by IV drip or lozenge, is off-label for TRD [1](#ref-1). In a small study, 71% of the 17
people given one IV dose of ketamine had responded the next day [4](#ref-4). Read more about
[treatment-resistant depression](/treatment-resistant-depression/).

### Major depression with thoughts of suicide

<span class="evidence evidence-approved">FDA-approved (Spravato)</span> Spravato is approved for
adults with major depression who have sudden thoughts of suicide, or who have acted on them. It is
used with an antidepressant taken by mouth [5](#ref-5). It has not been shown to prevent suicide,
and it does not replace a hospital stay [2](#ref-2). Studies of IV ketamine found that suicidal
thoughts eased within a day [6](#ref-6) [7](#ref-7). That use is off-label [1](#ref-1).

### Anxiety

<span class="evidence evidence-limited">Studied, evidence limited</span> Ketamine is being studied
for anxiety. One study had 20 people, and everyone knew they were getting ketamine [8](#ref-8).
Another small trial, in social anxiety, had 18 people [9](#ref-9). This use is off-label, and the
evidence is still early [1](#ref-1).

### PTSD

<span class="evidence evidence-limited">Studied, evidence mixed</span> PTSD means post-traumatic
stress disorder. In one trial of 30 people, 67% responded to six ketamine drips. Only 20% responded
to a different drug [10](#ref-10). But a larger trial of 158 people, at US veterans' hospitals, found
no clear benefit [11](#ref-11). This use is off-label [1](#ref-1).

### OCD

<span class="evidence evidence-limited">Studied, evidence limited</span> OCD means
obsessive-compulsive disorder. In one small study of 15 people, half responded a week after
ketamine. No one responded after the placebo, a dummy drip [12](#ref-12). The evidence is very
limited, and this use is off-label [1](#ref-1).

### Bipolar depression

<span class="evidence evidence-limited">Studied, evidence limited</span> In a study of 18 people
already taking lithium or valproate, 71% responded to ketamine at some point. Only 6% responded to
the placebo [13](#ref-13). A second study, of 15 people, found a similar result [14](#ref-14).
One person in each group had signs of mania, a time of very high mood or energy [13](#ref-13).
So this needs close watching. This use is off-label [1](#ref-1).

### Chronic pain, such as CRPS or fibromyalgia

<span class="evidence evidence-limited">Studied, evidence mixed</span> CRPS means complex
regional pain syndrome. A 2018 guideline from pain and anesthesia experts looked at ketamine drips
for pain. Summaries of it say the evidence is moderate for CRPS, with relief for up to 12 weeks.
They say it is weak or missing for fibromyalgia and most other pain [15](#ref-15). This use is
off-label [1](#ref-1).

### Emotional distress in palliative care

<span class="evidence evidence-not-supported">Evidence does not support it</span> Palliative care
is care that aims to ease suffering in serious illness. A trial of 185 people with cancer pain
found no overall benefit from ketamine, and more side effects [16](#ref-16). That trial was about
pain, not mood. We do not know of good evidence that ketamine helps distress in this setting.

## Who may not be a good fit

Ketamine is not safe for everyone. Before any treatment, a clinician checks your health and
history, with care about drug use and psychosis [17](#ref-17). Experts advise extra care, or
another option, if you have:

- Psychosis now or in the past. Psychosis means losing touch with reality [17](#ref-17) [18](#ref-18) [2](#ref-2).
- Problems with drugs or alcohol, now or in the past, or use of ketamine outside of medical care [17](#ref-17) [18](#ref-18) [15](#ref-15).
- Severe or poorly controlled heart or blood vessel disease [18](#ref-18) [15](#ref-15).
- An inflamed bladder, called cystitis [18](#ref-18).
- Severe liver problems [15](#ref-15).
- A pregnancy. The Spravato guide says not to take it if you are pregnant [2](#ref-2).

According to the Spravato label, it must not be used by people who have [2](#ref-2):

- A bulge in a weak blood vessel, called an aneurysm. This includes the main blood vessel in the chest or belly, and blood vessels in the brain, arms or legs.
- A tangle of blood vessels, called an AVM.
- Bleeding in the brain in the past.
- An allergy to esketamine, ketamine or anything else in the spray.

These lists are not complete. A clinician at our practice decides if ketamine is right for you,
after a full evaluation. If it is not a good fit, we will talk with you about other options.
""",
        "references": [
            PARIKH_2021,
            SPRAVATO_LABEL,
            SPRAVATO_2025_APPROVAL,
            ZARATE_2006,
            SPRAVATO_2020_APPROVAL,
            WILKINSON_2018,
            GRUNEBAUM_2018,
            GLUE_2018,
            SOCIAL_ANXIETY_RCT,
            PTSD_RCT_2021,
            ABDALLAH_2022,
            RODRIGUEZ_2013,
            DIAZGRANADOS_2010,
            BIPOLAR_REPLICATION_2012,
            COHEN_2018,
            HARDY_2012,
            SANACORA_2017,
            PSYCHIATR_ANN_2018,
        ],
        "faq": [],
    },
    {
        "slug": "side-effects-and-safety",
        "title": "Side effects and safety",
        "nav_title": "Side effects",
        "meta_description": (
            "The side effects of ketamine therapy, most of them brief and mild, and how trained "
            "staff watch over you at every session."
        ),
        "summary": "What side effects to expect, and how we keep you safe at every session.",
        "is_medical": True,
        "show_in_navigation": True,
        "navigation_order": 50,
        "body": """\
Like any medicine, ketamine can cause side effects. Most are brief and mild, and they pass soon
after the dose [1](#ref-1). This page explains what you might notice, and how we keep you safe.

## Common side effects

During or soon after a session, you may have:

- Dizziness, or feeling sick to your stomach (nausea) [2](#ref-2) [3](#ref-3).
- Vomiting [3](#ref-3).
- A rise in blood pressure or heart rate. In one small study, blood pressure went up by about 10 points half an hour after the dose [2](#ref-2) [1](#ref-1).
- Blurred vision [2](#ref-2).
- A spinning feeling, called vertigo [3](#ref-3).
- Feeling sleepy, or feeling "drunk" for a while [3](#ref-3).
- Feeling anxious, or very tired and slow [3](#ref-3).
- Less feeling in parts of your body, such as numbness [3](#ref-3).

These effects are common, and they usually do not last long [1](#ref-1). If something feels wrong,
tell the staff with you. They are there to help.

## Dissociation

Dissociation means feeling cut off from your body or from the world around you. Things may look or
sound strange. Time may seem to move in a different way. This is common. In Spravato studies, 61%
to 75% of people had some of these changes [4](#ref-4). It is usually short-lived [1](#ref-1).
Staff stay with you until it passes.

## Serious risks

Spravato has a boxed warning. This is the strongest kind of warning the FDA uses. It covers deep
sleepiness, dissociation, misuse of the drug, and suicidal thoughts and behavior [4](#ref-4). Newer FDA
materials add slowed or shallow breathing [5](#ref-5). Ketamine can be misused [4](#ref-4). This
is one more reason it is only given in a clinic.

Ketamine is not safe for everyone. Read [who might benefit](/who-might-benefit/) to learn who may
not be a good fit.

## How we watch over you

Your safety comes first at every step.

- **Before you start.** A clinician checks your health and history. This includes any drug use and any past psychosis [6](#ref-6).
- **During each session.** Trained staff stay with you the whole time. Ketamine can raise blood pressure and heart rate, so we keep an eye on them [2](#ref-2) [1](#ref-1).
- **After each session.** You stay with us until a clinician says you are stable and ready to leave.

Spravato has extra rules under an FDA safety program called REMS [5](#ref-5):

- You use the spray yourself, while staff watch.
- You stay for at least 2 hours after each dose.
- Staff watch until sleepiness, dissociation and any breathing effects have passed.
- A device that checks the oxygen in your blood is on site. So is a doctor or other prescriber.
- You never take Spravato home.

## Driving

For Spravato, patient drug information says not to drive or use machines until the next day,
after a restful sleep [7](#ref-7). For IV ketamine or a lozenge, your clinician will tell you when
it is safe to drive. Please talk about this before your first session, so you can plan how to get
home.

## KAP is never casual

Ketamine-assisted psychotherapy, or KAP, joins ketamine with talk therapy. It is never done
casually, and never without trained staff. Each KAP session follows the same safety steps as any
other ketamine session. Please never use ketamine on your own or at home.

## If you feel unwell later

If you feel unwell after you get home, contact us. If it is an emergency, call 911. If you have
thoughts of suicide, call or text 988, or see [Need help now?](/need-help-now/)
""",
        "references": [
            PSYCHIATR_ANN_2018,
            GLUE_2018,
            FDA_2019_RELEASE,
            SPRAVATO_LABEL,
            SPRAVATO_REMS,
            SANACORA_2017,
            SPRAVATO_DRIVING,
        ],
        "faq": [],
    },
    {
        "slug": "what-to-expect",
        "title": "What to expect",
        "nav_title": "What to expect",
        "meta_description": (
            "The steps from your first request to treatment: a call back, an evaluation, a plan "
            "made with you, monitored sessions and ongoing therapy."
        ),
        "summary": "The steps from your first request to treatment, one at a time.",
        "is_medical": True,
        "show_in_navigation": True,
        "navigation_order": 60,
        "body": """\
Starting something new can feel like a lot, especially when you are tired. Here are the steps, one
at a time. You can ask questions at any point, and you can stop at any point.

## 1. You request a consultation

Fill in our [consultation form](/consultation/). It asks only for what we need to get back to you.
Sending it does not commit you to anything.

The form is not watched for emergencies. If you need help now, call or text 988, or call 911.

## 2. We contact you

A member of our team will contact you. We will listen to what you are looking for, and answer
your questions. We will also ask a few of our own, to see if an evaluation makes sense. Our team
can talk with you about costs and coverage, too.

## 3. An evaluation

Next, you meet with a clinician. They ask about your health, the treatments you have tried, and
the medicines you take now. They will ask about any drug or alcohol use, and any past psychosis
[1](#ref-1). They will also check for health problems that could make ketamine less safe, such as
heart or blood vessel disease [2](#ref-2). Together, you decide if ketamine therapy may be a good
fit.

Please do not stop or change any of your medicines on your own. Your clinician will go through
them with you.

## 4. A plan made with you

If ketamine may be right for you, your clinician explains the options. This includes which form
of ketamine, how sessions work, and what side effects to expect. For example, Spravato is used with
an antidepressant taken by mouth, or, according to its maker, on its own [3](#ref-3). You can take time to think. The
choice to go ahead is yours.

## 5. Treatment sessions, with close watching

Every session takes place in our clinic. Trained staff stay with you the whole time. They watch
for side effects, such as changes in blood pressure and heart rate [2](#ref-2). For Spravato, you
stay at least 2 hours after each dose, until a clinician says it is safe to leave
[4](#ref-4). After Spravato, you should not drive until the next day, after a restful sleep,
according to patient drug information [5](#ref-5). For other forms, your clinician will tell you
when you can drive. Please plan how you will get home.

## 6. Therapy that builds on the window of relief

For some people, ketamine brings a time of relief [6](#ref-6). We use that time well. Talk therapy
can help you work on painful thoughts, build new habits and plan next steps. Some people choose
ketamine-assisted psychotherapy, or KAP, where therapy and ketamine sessions are planned together.
Ketamine is one part of a wider plan for your recovery, not the whole of it.

## Along the way

You will not be rushed. We will check in with you about how you feel, and change the plan if
needed. To learn more first, read about [side effects and safety](/side-effects-and-safety/), or
see our [frequently asked questions](/faq/).
""",
        "references": [
            SANACORA_2017,
            PSYCHIATR_ANN_2018,
            SPRAVATO_LABEL,
            SPRAVATO_REMS,
            SPRAVATO_DRIVING,
            ZARATE_2006,
        ],
        "faq": [],
    },
    {
        "slug": "about-us",
        "title": "About us",
        "nav_title": "About us",
        "meta_description": (
            "Stanford Psychological Services offers careful, personal ketamine therapy and "
            "ketamine-assisted psychotherapy for depression that has not lifted."
        ),
        "summary": "Who we are, how we work, and why we walk with you at every step.",
        "is_medical": False,
        "show_in_navigation": True,
        "navigation_order": 70,
        "body": """\
Stanford Psychological Services is a psychology practice. We offer ketamine therapy, including
ketamine-assisted psychotherapy (KAP), for depression that has not lifted with other care.

## Care that fits you

Ketamine therapy is not one-size-fits-all, and neither is our care. No two people have the same
story, the same body or the same goals. We take the time to learn about yours. Then we build a
plan with you, not for you.

## How we work

- **Safety first.** Every ketamine session takes place in a medical setting, with trained staff watching you the whole time. Ketamine is never something to use alone or at home.
- **Honest answers.** We tell you what the research shows, and where it is still unclear. We will not promise results that no one can promise.
- **The whole person.** Ketamine is one part of a wider plan. Talk therapy, sleep, daily habits and the people around you matter too.
- **With you at every step.** From your first call to the end of treatment, our team is here to answer questions and check in with you.
- **Respect.** Depression that has not lifted is not a failure. You will be treated with care and without judgment.

## Our clinicians

Each medical page on this site lists its sources and the date it was last updated. Once one of
our clinicians has reviewed a page, it also shows who reviewed it and when.

## You do not have to do this alone

If you have been struggling for a long time, it can be hard to hope. Many people find a way
forward, even after years of trying. Healing is possible, and you do not have to do this alone.
When you are ready, you can [request a consultation](/consultation/).
""",
        "references": [],
        "faq": [],
    },
    {
        "slug": "faq",
        "title": "Frequently asked questions",
        "nav_title": "FAQ",
        "meta_description": (
            "Answers to common questions about ketamine therapy: safety, how fast it works, how "
            "long it lasts, driving, costs, medicines, and next steps."
        ),
        "summary": "Short, honest answers to the questions people ask us most.",
        "is_medical": True,
        "show_in_navigation": True,
        "navigation_order": 80,
        "body": """\
Here are short answers to the questions people ask us most. Your own clinician can tell you more
about your situation. If your question is not here, our team is glad to help.
""",
        "references": [
            PSYCHIATR_ANN_2018,
            SPRAVATO_LABEL,
            SANACORA_2017,
            ZARATE_2006,
            FDA_2019_RELEASE,
            SPRAVATO_DRIVING,
            SPRAVATO_2025_APPROVAL,
            PARIKH_2021,
            SPRAVATO_REMS,
        ],
        "faq": [
            (
                "Is ketamine therapy safe?",
                "At our practice, ketamine is only given in a medical setting, with trained staff "
                "watching you. Most side effects are brief and mild. They include dizziness, "
                "nausea, a short rise in blood pressure, and feeling cut off from your body or "
                "surroundings (see reference 1).\n\n"
                "Ketamine is not safe for everyone. For example, it may not suit people with "
                "some heart or blood vessel problems, or people with a history of psychosis or "
                "drug misuse (see references 1, 2 and 3). A clinician checks your health before "
                "you start. You can read more on our Side effects and safety page.",
            ),
            (
                "How fast does it work?",
                "It differs from person to person. In one small study, 17 people with "
                "hard-to-treat depression got one dose of ketamine by drip. The day after, 71% of "
                "them had responded (see reference 4). Not everyone responds. Your clinician will "
                "talk with you about what is realistic for you.",
            ),
            (
                "How long does the relief last?",
                "This also differs. In that same small study, about 35% still had a response a "
                "week later (see reference 4). That is one reason we see ketamine as one part of "
                "a wider plan that includes therapy. Your clinician will talk with you about how "
                "many sessions might make sense.",
            ),
            (
                'Will I feel "high"?',
                "You may feel strange for a while. Many people feel cut off from their body or "
                "surroundings during a session. This is called dissociation. In Spravato studies, "
                "61% to 75% of people had these changes (see reference 2). Some people say they "
                "feel drunk (see reference 5).\n\n"
                "These effects are usually short-lived (see reference 1). Staff stay with you "
                "until they pass.",
            ),
            (
                "Can I drive home?",
                "After Spravato, patient drug information says not to drive or use machines "
                "until the next day, after a restful sleep (see reference 6). For other forms of "
                "ketamine, your clinician will tell you when it is safe to drive. Please plan how "
                "you will get home before your session.",
            ),
            (
                "Is it covered by insurance?",
                "It depends on your plan and the kind of treatment. Our team can talk with you "
                "about costs and coverage before you decide anything.",
            ),
            (
                "Do I have to stop my medication?",
                "Please do not stop or change any medicine on your own. Your clinician will go "
                "through all your medicines with you.\n\n"
                "For example, Spravato is approved for use with an antidepressant taken by "
                "mouth. According to its maker, it can now also be used on its own for "
                "treatment-resistant depression (see references 2 and 7).",
            ),
            (
                "Is ketamine therapy FDA-approved?",
                "Spravato, a nasal spray that contains esketamine, is FDA-approved for some kinds "
                "of depression in adults (see reference 2). Generic ketamine is approved only for "
                "use in surgery. Using it for depression is off-label. Off-label means a doctor "
                "uses an approved medicine for a purpose the FDA has not approved (see reference "
                "8). Your clinician will explain what this means for you.",
            ),
            (
                "Can I take ketamine at home?",
                "No. At our practice, every dose is taken in the clinic, with trained staff "
                "watching you. Spravato is never sent home with patients (see reference 9). "
                "Please never use ketamine on your own.",
            ),
            (
                "What happens after I send the form?",
                "A member of our team will contact you. We will talk about what you are looking "
                "for and answer your questions. If it seems a good fit, we will set up an "
                "evaluation with a clinician.\n\n"
                "The form is not watched for emergencies. If you need help now, call or text "
                "988, or call 911.",
            ),
        ],
    },
    {
        "slug": "need-help-now",
        "title": "Need help now?",
        "nav_title": "Need help now?",
        "meta_description": (
            "If you or someone you know is in crisis: call or text 988, chat at 988lifeline.org, "
            "or call 911 in an emergency. Free, confidential, 24/7."
        ),
        "summary": "If you are in crisis, call or text 988, or call 911 in an emergency.",
        "is_medical": True,
        "show_in_navigation": True,
        "navigation_order": 90,
        "body": """\
If you are thinking about suicide, or you are in danger right now, please reach out now. You
deserve support, and help is there for you.

## If your life is in danger

[Call 911](tel:911), or go to the nearest emergency room.

## Call, text or chat with 988

The 988 Suicide & Crisis Lifeline is there for you [1](#ref-1):

- [Call 988](tel:988).
- Text 988.
- Chat online at [988lifeline.org](https://988lifeline.org/) [2](#ref-2).

It is free and confidential. It is open 24 hours a day, 7 days a week, in the US [1](#ref-1). The
old Lifeline number, 1-800-273-8255, still connects you too [1](#ref-1). You can
reach out about thoughts of suicide, a mental health crisis, or problems with drugs or alcohol
[1](#ref-1).

## If you are worried about someone else

You can contact 988 for someone else, too [1](#ref-1). If you think someone may be in danger:

- Stay with them, or make sure someone else is with them.
- Call 988 together. Or call 911 if they are in danger right now.

## Our form is not for emergencies

Our consultation form and email are not watched for emergencies. Please do not use them to ask
for urgent help. Call or text 988, or call 911.

## When you are safe

When you feel ready, we are here. You can learn about
[treatment-resistant depression](/treatment-resistant-depression/), or
[request a consultation](/consultation/).
""",
        "references": [SAMHSA_988, LIFELINE_988],
        "faq": [],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "nav_title": "Privacy",
        "meta_description": (
            "How this website handles your information: no tracking, cookies only for security, "
            "and consultation requests seen only by the staff who handle them."
        ),
        "summary": "What this website collects, why, and who can see it.",
        "is_medical": False,
        "show_in_navigation": False,
        "navigation_order": 200,
        "body": """\
This notice explains what this website collects, why, and what we do with it. We have kept it
short and plain.

## What we do not do

- We do not use analytics or tools that track your visit.
- We do not use advertising trackers.
- We do not load scripts, fonts or other files from other companies. Your browser only talks to our site.

## Cookies

A cookie is a small file a website stores in your browser. We use cookies only for security:

- When you use the consultation form, your browser stores a security cookie (called a CSRF cookie). It stops other websites from sending forms in your name.
- After you send the form, a session cookie lets the thank-you page show your request number. It holds no details you typed, and it ends within a day.
- When our staff sign in to manage the site, a cookie keeps them signed in.

We do not use cookies to follow you or to show you ads.

## The consultation form

The form asks for your name, how we can reach you, the state you live in, and what you would like
help with. It also asks about treatments you have tried, whether you see a clinician now, and, if
you wish, your insurance and a short note. It asks if you are having thoughts of suicide or
self-harm right now, so we know whom to call first. We use your answers only to reply to your
request and to arrange a consultation. Please do not include details you do not want us to have.
You can tell us more when we speak.

## Who can see your request

Only practice staff who handle consultation requests can see it. We do not send your request
around by email. When you send it, our staff get a short notice with a request number only. They
then sign in to our site to read it.

## How long we keep it

We keep your request only as long as we need it. Closed requests are deleted on a regular
schedule. The form page says how many days we keep them.

## Your choices

You can contact us to ask what we hold about you, to correct it, or to ask us to delete it. Our
contact details are at the bottom of every page.

## If you become a patient

This notice covers this website only. If you become a patient, you will receive our Notice of
Privacy Practices. It explains how we protect your health information.
""",
        "references": [],
        "faq": [],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "nav_title": "Accessibility",
        "meta_description": (
            "Our aim is for everyone to be able to use this website. What we have done, and how "
            "to tell us about a barrier."
        ),
        "summary": "How we make this site work for everyone, and how to tell us about a problem.",
        "is_medical": False,
        "show_in_navigation": False,
        "navigation_order": 210,
        "body": """\
We want everyone to be able to use this website. That includes people who use a screen reader, a
keyboard instead of a mouse, or larger text.

## Our goal

We aim to meet WCAG 2.2 at level AA. WCAG stands for the Web Content Accessibility Guidelines. It
is a widely used standard for making websites work for people with disabilities.

## What we have done

- You can reach every link, button and form field with a keyboard. You can see where you are on the page.
- Pages use clear headings, labels and link text, so screen readers can make sense of them.
- You can make text larger or zoom in, and the page still works.
- Text and buttons stand out clearly from the background, with strong color contrast.
- The site works without JavaScript.
- Images have text descriptions for people who cannot see them.
- We write in plain language, with short sentences.

## Tell us about a problem

If something on this site is hard to use, please tell us. Our contact details are at the bottom
of every page. Let us know which page it was and what went wrong. We will try to fix it. We can
also give you the information in another way.
""",
        "references": [],
        "faq": [],
    },
]
