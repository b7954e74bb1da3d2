"""The files ``taskforce init`` writes: a small, complete scenario to change into one's own.

Comments speak to the trainer editing the file; every value is a working example.
"""

from __future__ import annotations

SCENARIO = """\
# A new scenario. Change the words, add what your exercise needs, then check it with
#   taskforce validate <this folder>     and play its walkthroughs with   taskforce test <folder>
# Every key is described in the README ("Writing a scenario") and completed by your editor.
format: 1
id: "{{id}}"
version: "0.1"
title: {{title}}
summary: >-
  A suspect parcel waits on the examination table. Read the referral, bring in the police
  before deciding, and decide what happens to the parcel.
objectives:
  - id: decide-on-intelligence
    text: Decide on the parcel from what the referral says, with the police involved.
levels: [tactical]
guidance: [G0.1, G0.2]
duration_minutes: 15
languages: [en]
time_limit: "15:00"
tick: 1

roles:
  - id: officer
    name: Examining officer
    agency: customs
    playable: true
    briefing: >-
      You examine parcels that risk profiling stops. Read the referral on the tablet, call the
      police duty officer, and decide what happens to this parcel.
  - id: duty_officer
    name: Police duty officer
    agency: police
    briefing: Takes over when a parcel points to a crime.

place:
  zones:
    - id: examination_area
      name: Examination area
      kind: inspection
      area: {center: [0, 0], size: [8, 6]}
  start: {position: [0, -4], look_at: [0, 0, 0.6]}

props:
  - id: bench
    name: Examination bench
    asset: models/workbench.glb
    position: [0, 0.4, 0]
    interactable: false
  - id: parcel
    name: The stopped parcel
    asset: models/parcel_small.glb
    position: [0.4, 0.3, 0.9]
    label: {document: shipping_label}
    documents: [shipping_label]
  - id: tablet
    name: Examination tablet with the referral
    asset: models/laptop.glb
    position: [-0.4, 0.2, 0.9]
    documents: [referral]
  - id: duty_officer_figure
    name: Police duty officer
    asset: models/figure_police.glb
    role: duty_officer
    position: [2.5, 1.0, 0]
    rotation: [120, 0, 0]
    shown_when: police_here

documents:
  - id: shipping_label
    title: Label on the parcel
    kind: label
    body: |
      GIFT - NO COMMERCIAL VALUE
      To: a private address
  - id: referral
    title: Risk profiling referral
    kind: report
    body: |
      Parcel stopped for examination: declared as gifts, but the X-ray shows packs of tablets
      and the sender has sent many identical parcels this month.

variables:
  - {id: referral_read, type: bool, initial: false}
  - {id: police_called, type: bool, initial: false}
  - {id: police_here, type: bool, initial: false, shown: true, label: Police on scene}

actions:
  - id: read_referral
    verb: inspect
    label: Read the referral on the tablet
    roles: [officer]
    target: tablet
    effects: {set: {referral_read: true}}
  - id: call_police
    verb: call
    label: Call the police duty officer
    roles: [officer]
    target: duty_officer
    effects: {set: {police_called: true}}
  - id: hand_over
    verb: hand_over
    label: Hand the parcel and the referral to the police duty officer
    roles: [officer]
    target: duty_officer
    when: police_here and chose(outcome, detain)

decisions:
  - id: outcome
    prompt: What happens to the parcel?
    roles: [officer]
    when: referral_read
    rationale: required
    options:
      - id: detain
        label: Detain it and pass it to the police
      - id: release
        label: Release it to the recipient

injects:
  - id: parcel_stopped
    number: 1
    trigger: {at: 0}
    delivery: message
    originator: duty_officer
    recipient: officer
    content: A parcel has been stopped for you. The referral is on the tablet.
    expected_response: Read the referral.
    objective: decide-on-intelligence
  - id: police_arrive
    number: 2
    trigger: {when: police_called, after: 60}
    delivery: face_to_face
    originator: duty_officer
    recipient: officer
    content: Police duty officer here. Show me what you have.
    effects: {set: {police_here: true}}
    objective: decide-on-intelligence
  - id: police_offer
    number: 3
    contingency: {by: "5:00", unless: police_called}
    delivery: phone
    originator: duty_officer
    recipient: officer
    content: Police duty officer. Do you need us for that parcel?
    expected_response: Call the police in.
    objective: decide-on-intelligence

endings:
  - id: handed_over
    outcome: success
    trigger: {when: done(hand_over)}
    message: The parcel and the referral are with the police.
  - id: released
    outcome: failure
    trigger: {when: "chose(outcome, release)"}
    message: The parcel went on to its recipient unchecked.
  - id: out_of_time
    outcome: timeout
    trigger: {at: "15:00"}
    message: Time is up before the parcel was dealt with.
"""

CHECKLIST = """\
# The exercise evaluation guide: capabilities -> targets -> tasks. Each task says which
# guidance line it encodes (see docs/guidance.md or 'taskforce guidance') and the rule over
# the session log that recognises it.
format: 1
id: "{{id}}"
scenario: {{id}}
version: "0.1"
title: {{title}}

capabilities:
  - id: decision
    name: A decision driven by intelligence, with the police
    objective: decide-on-intelligence
    targets:
      - id: on-the-referral
        text: The referral is read and the police are involved before the decision.
        tasks:
          - id: referral-first
            text: The referral is read before the parcel is decided on.
            level: tactical
            role: officer
            guidance: [G0.1]
            rule: {event: {performed: read_referral}, before: {chosen: outcome, option: detain}}
            weight: 2
            critical: true
            feedback:
              met: The decision rested on the referral.
              missed: Read the referral before deciding; it says why the parcel was stopped.
          - id: police-called
            text: The police are called before they have to offer.
            level: tactical
            role: officer
            guidance: [G0.2]
            rule: {event: {performed: call_police}, before: {fired: police_offer}}
            weight: 2
            critical: true
            feedback:
              met: The police were called in good time.
              missed: Call the police in; they take over when a parcel points to a crime.
          - id: detained
            text: The parcel is detained and handed to the police.
            level: tactical
            role: officer
            guidance: [G0.2]
            rule: {performed: hand_over}
            weight: 3
            essential: true
            feedback:
              met: The parcel went to the police.
              missed: The parcel never reached the police.
"""

REFERENCE = """\
# A scripted play-through and what it should lead to; 'taskforce test' checks it.
id: reference
title: Reads the referral, calls the police, detains the parcel
role: officer
seed: 1
trainee: reference
steps:
  - {at: "0:20", do: read_referral}
  - {at: "0:40", do: call_police}
  - {at: "2:00", choose: outcome, option: detain, rationale: The referral points to a crime.}
  - {at: "2:20", do: hand_over}
expect:
  outcome: success
  ending: handed_over
  fired: [parcel_stopped, police_arrive]
  not_fired: [police_offer]
  refusals: 0
  ratings: {decision: P}
  missed: []
"""

FLAWED = """\
# A walkthrough that breaks one guidance line on purpose: grading must catch it by name.
id: no-partner
title: The police are only called once they offer
role: officer
seed: 1
trainee: flawed-no-partner
breaks: [G0.2]
steps:
  - {at: "0:20", do: read_referral}
  - {at: "5:10", do: call_police}
  - {at: "6:30", choose: outcome, option: detain, rationale: The referral points to a crime.}
  - {at: "6:40", do: hand_over}
expect:
  outcome: success
  ending: handed_over
  fired: [police_offer]
  refusals: 0
  ratings: {decision: M}
  missed: [police-called]
"""
