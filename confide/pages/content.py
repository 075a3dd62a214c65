"""The practice's first page text, written from its own description and the IPT reference notes.

The data migration loads it once; after that the admin owns the text. Facts about IPT follow
shared/reference/ipt.md (sessions, phases, problem areas, evidence); nothing here claims more.
"""

from __future__ import annotations

from typing import Any

HOME = """\
How we feel is closely bound up with the people around us. When a relationship is strained, \
when life changes shape, or when we lose someone, low mood and worry often follow. \
Interpersonal Psychotherapy, or IPT, works on exactly that link: you and your clinician look \
together at the relationships that matter to you now, find the patterns that keep you stuck, \
and practise new ways of responding.

## What IPT can help with

- **Conflict in relationships**: with a partner, family, friends or colleagues, when what you \
expect of each other no longer matches.
- **Life transitions**: a new job or a promotion, a move, becoming a parent, a break-up, an \
illness or retirement. Even welcome changes can be hard.
- **Grief**: after the death of someone close, when mourning feels stuck.
- **Loneliness**: when it is hard to make or keep connections, and isolation is feeding low \
mood or anxiety.

IPT is structured and time-limited: usually 12 to 16 weekly sessions with a clear focus that \
you agree at the start. [Read how IPT works](/ipt/), or see [how we combine it with other \
approaches](/approaches/) such as CBT, mindfulness-based therapy and family therapy.

## Who we are

We are psychologists and specially trained clinicians, supportive and experienced, who trained \
at leading U.S. hospitals and universities. We work with children and teenagers and their \
families, with people in demanding careers, with students, and with parents at home, applying \
the same principles to the pressures each of them faces. [Meet our clinicians](/clinicians/).

## Sessions that fit your life

We know your life is busy. You can meet your clinician in person at one of our offices or \
online by secure video, whichever suits your schedule and feels most comfortable to you.
"""

IPT = """\
Interpersonal Psychotherapy (IPT) starts from a simple observation: the quality of our \
relationships and the way we feel are closely tied together. Distress often grows out of, or \
is kept going by, what is happening between us and the people who matter to us: a conflict \
that will not settle, a change in life that has upended our role, a loss, or a lack of close \
connection.

In IPT you and your therapist work as partners. Together you look at your important \
relationships, past and present, to find the patterns that may be adding to your distress. \
For example, someone who finds it hard to say what they think and need may only speak up once \
anger has built up, which can push others away and leave them more alone than before.

Understanding a pattern is only the start: insight by itself does not bring change. In IPT you \
also try out new ways of communicating and responding, in sessions and between them, so that \
you can adapt more easily, build healthier relationships and feel better day to day.

## How a course of IPT is structured

IPT is time-limited and focused. A course usually runs for **12 to 16 weekly sessions** of \
about 45 to 50 minutes, and you agree its length with your therapist at the outset. Shorter \
courses are sometimes offered.

### The initial phase: about the first three or four sessions

- Your therapist asks about your symptoms, often with short questionnaires that you repeat \
during treatment to follow your progress, and explains what you are going through as a common \
and treatable condition.
- Together you take an *interpersonal inventory*: a review of the important people in your \
life, what each relationship is like, and what changed in them around the time you began to \
feel unwell.
- Your therapist then offers a formulation that links how you feel to one focus area. When you \
agree with it, it becomes your plan: the focus, the number of sessions and the goals.

### The middle phase

Most of the work happens here. Sessions concentrate on the area you chose: recent events, \
conversations and feelings, ways of communicating differently, and trying them out between \
sessions.

### The final phase

The last sessions look back at what has changed and why, plan how to keep the progress and \
notice early warning signs, and make room for feelings about ending, which is itself a \
transition. If more help is needed, you and your therapist talk about what comes next, which \
can include continuation or maintenance sessions.

## The four problem areas

IPT usually concentrates on one, sometimes two, of four areas:

- **Grief**: when low mood began with, or has lasted since, the death of someone close. IPT \
helps mourning move forward and helps you reconnect with people and interests.
- **Role disputes**: when you and someone important to you, such as a partner, parent, child, \
friend or colleague, expect different things of each other. IPT helps you understand the \
dispute, choose a plan, and change the communication or expectations that keep it going.
- **Role transitions**: when a life change is hard to adjust to, such as a new job or a lost \
one, a move, a new relationship or the end of one, becoming a parent, or a diagnosis. IPT \
helps you let go of the old role, see the new one in a balanced way, and build the skills and \
support it calls for.
- **Interpersonal deficits**, also called interpersonal sensitivity: when long-standing \
loneliness, or difficulty making and keeping relationships, is at the heart of things. IPT \
helps reduce isolation and build new, supportive relationships.

## What the research says

IPT is one of the most thoroughly studied talking therapies for depression. A 2016 review that \
pooled 90 randomised trials found it clearly helpful for depression and about as effective as \
other established therapies; combining it with medication added to its effect. Adapted \
versions have been studied for teenagers, for depression in pregnancy and after birth, and for \
anxiety and post-traumatic stress.

Read about [how we combine IPT with other approaches](/approaches/), or take our \
[confidential symptom check](/check/).
"""

WHO_WE_HELP = """\
IPT can be highly effective for people in very different situations, from children and \
teenagers to adults in demanding careers and parents at home. Its principles stay the same for \
everyone; what changes is how they are applied to the particular pressures each group faces.

## Children and teenagers

Young people can find social relationships and strong emotions hard to navigate. IPT with \
children looks at family life, friendships and pressures at school. The clinician works \
closely with the child and their family on the interactions that may be adding to distress, \
such as bullying, difficulty talking with parents, or adjusting to a change like a move or a \
new school.

The version of IPT for adolescents (IPT-A, for ages 12 to 18) usually runs for 12 weeks, and \
parents or carers take part at set points: at the start, sometimes in a joint session in the \
middle, and at the end.

## Professionals and busy adults

People in demanding careers often carry stress from balancing work and home, managing \
relationships at work, and the weight of their responsibilities. IPT can help you communicate \
more easily with colleagues, handle conflict, and find your way through transitions such as a \
change of career, a promotion or a personal loss. By strengthening relationship skills and \
emotional resilience, it helps you look after your relationships at work and at home.

## Parents, including parents at home

Parents who stay at home, balancing children, a household and a life of their own, face \
pressures of their own: a change of role, isolation, and conflict. IPT helps with adjusting to \
parenthood, with depression after the birth of a child, and with relationships with a \
partner, children or the wider family. Sessions focus on clearer communication, on reducing \
isolation and on ways of coping with everyday pressures, whether you are in the first months \
of parenthood or looking for a better balance in family life.

IPT is among the best-studied treatments for depression after childbirth, and counselling \
based on IPT is one of the approaches the U.S. Preventive Services Task Force recommends for \
pregnant and new parents at higher risk of depression.
"""

APPROACHES = """\
Interpersonal Psychotherapy is often used together with other approaches, because mental \
health has many sides. Your therapist tailors the combination to you, your stresses and your \
circumstances, while keeping IPT's structured, goal-directed framework and its focus on \
positive change in your relationships.

A note on the evidence: each approach below has its own research base, and IPT together with \
medication has been shown to work better than IPT alone. Few trials have tested IPT blended \
with other talking therapies, so a combination is a clinical judgement that your therapist \
will explain and review with you.

## Cognitive-Behavioral Therapy (CBT)

CBT works on noticing and changing unhelpful patterns of thinking and behaviour. Alongside IPT \
it helps you see how your thoughts shape your relationships and feelings: IPT may work on a \
conflict and how you communicate about it, while CBT helps you question the negative self-talk \
or rigid beliefs that get in the way.

**When it helps:** when harsh self-criticism or distorted assumptions keep getting in the way \
of your relationships.

[Find a clinician who offers CBT](/clinicians/?modality=cbt)

## Mindfulness-Based Cognitive Therapy (MBCT)

MBCT brings together cognitive techniques and mindfulness practice to build awareness of \
thoughts and emotions as they happen. Combined with IPT, it can steady emotional reactions and \
bring more calm and attention to time with other people.

**When it helps:** if you react strongly in the moment, or find stress hard to manage in \
social situations.

[Find a clinician who offers MBCT](/clinicians/?modality=mbct)

## Dialectical Behavior Therapy (DBT)

DBT grew out of CBT for people living with long-standing, intense emotional distress. It \
balances acceptance and change through four groups of skills: mindfulness, tolerating \
distress, regulating emotions and interpersonal effectiveness.

**When it helps:** when you need more specialised tools to manage strong emotions while you \
work on relationship skills and resolve conflicts.

[Find a clinician who offers DBT](/clinicians/?modality=dbt)

## Psychodynamic therapy

Psychodynamic therapy explores the less conscious patterns, rooted in early experience, that \
shape how we relate to others and how we feel. IPT stays with present-day relationship \
problems; psychodynamic work looks at the deeper forces behind them.

**When it helps:** if unresolved past hurts or earlier trauma keep echoing in your \
relationships today.

[Find a clinician who offers psychodynamic therapy](/clinicians/?modality=psychodynamic)

## Solution-focused therapy (SFT)

Solution-focused therapy is goal-oriented and builds on your strengths, looking for solutions \
to present problems rather than their root causes. It complements IPT with practical steps \
for resolving relationship difficulties quickly.

**When it helps:** when you want concrete, short-term steps that improve day-to-day social \
life and ease distress, while IPT works on the emotional and relational side.

[Find a clinician who offers solution-focused therapy](/clinicians/?modality=solution_focused)

## Family therapy

Family therapy looks at the family as a system: its patterns of communication, its dynamics \
and its roles. IPT strengthens each person's own relationship skills, while family work \
addresses difficulties that belong to the family as a whole.

**When it helps:** when problems sit within the family unit, and working with everyone \
together can improve how the whole family gets on.

[Find a clinician who offers family therapy](/clinicians/?modality=family)

## Trauma-focused therapy

Trauma-focused approaches, such as Trauma-Focused Cognitive Behavioral Therapy (TF-CBT), are \
designed for the emotional aftermath of traumatic events. IPT adds attention to the relational \
side of trauma: how it affects current relationships and social life.

**When it helps:** when trauma has damaged trust or closeness, so that healing means both \
working through what happened and rebuilding relationship skills.

[Find a clinician who offers trauma-focused CBT](/clinicians/?modality=tf_cbt)

## Art therapy

Art therapy uses creative outlets such as art, music or drama to express emotions that are \
hard to put into words. Alongside IPT it offers a non-verbal way to explore feelings about \
relationships.

**When it helps:** for people who find it hard to put feelings into words, and for children \
and teenagers who may express themselves more easily through creative work.

[Find a clinician who offers art therapy](/clinicians/?modality=art)

## Tailored to you

Combining IPT with other methods lets you approach your relationships from more than one \
angle, particularly when you are facing depression, anxiety, conflict, trauma or difficulty \
managing emotions. What matters most is fitting the approach to your needs, so that your plan \
is thorough and personal.
"""

PAGES: list[dict[str, Any]] = [
    {
        "slug": "home",
        "title": "Therapy that starts with your relationships",
        "summary": (
            "Interpersonal Psychotherapy (IPT) for depression, anxiety, grief and loneliness, "
            "in person in Greenwich, Connecticut and Manhattan, New York, or online by secure "
            "video."
        ),
        "body": HOME,
        "display_order": 0,
    },
    {
        "slug": "ipt",
        "title": "About Interpersonal Psychotherapy (IPT)",
        "summary": (
            "A structured, time-limited talking therapy that eases depression, anxiety and "
            "loneliness by working on the relationships in your life."
        ),
        "body": IPT,
        "display_order": 1,
    },
    {
        "slug": "who-we-help",
        "title": "Who IPT helps",
        "summary": (
            "The principles of IPT are the same for everyone; how they are applied is tailored "
            "to children and teenagers, to professionals and to parents."
        ),
        "body": WHO_WE_HELP,
        "display_order": 2,
    },
    {
        "slug": "approaches",
        "title": "IPT alongside other approaches",
        "summary": (
            "We often combine IPT with other therapies chosen for your needs, while keeping its "
            "structure and its focus on your relationships."
        ),
        "body": APPROACHES,
        "display_order": 3,
    },
]


def load_pages(page_model: Any = None) -> int:
    """Create the first pages that are missing; never overwrite text the admin has edited.

    Takes the historical model in a migration; returns how many pages were created.
    """
    if page_model is None:
        from confide.pages.models import Page

        page_model = Page
    created = 0
    for spec in PAGES:
        fields = dict(spec)
        _, was_created = page_model.objects.get_or_create(slug=fields.pop("slug"), defaults=fields)
        created += was_created
    return created
