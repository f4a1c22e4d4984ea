// The matrix page's evidence panel: the credentials that give a person the level shown in a cell,
// with issuer, dates, status and where the level comes from. A person's evidence is read once per
// matrix; Close or Escape hides the panel and returns the focus to the cell that opened it.

import { $, PageError, announce, element, plural } from "../shared/api.js";

const EVIDENCE_QUERY = `query Evidence($id: ID!) {
  node(id: $id) {
    ... on Person {
      skills {
        skill { id }
        level
        evidence {
          level source
          credential {
            status issuedOn validUntil verifiedAt format
            achievement { name }
            issuer { name uri }
          }
        }
      }
    }
  }
}`;

const SOURCES = {
  rule: "a mapping rule for this achievement",
  alignment: "the badge's alignment to the skill (level 3)",
  result: "a result level recorded in the credential",
};

function day(value) {
  return value ? String(value).slice(0, 10) : null;
}

function evidenceItem(item) {
  const credential = item.credential;
  const achievement = (credential && credential.achievement && credential.achievement.name) ||
    "Credential";
  const issuer =
    credential && credential.issuer ? credential.issuer.name || credential.issuer.uri : null;
  const facts = [
    ["Issuer", issuer || "unknown"],
    ["Issued", day(credential && credential.issuedOn) || "not stated"],
    ["Valid until", day(credential && credential.validUntil) || "no end date"],
    ["Status", credential ? credential.status.toLowerCase() : "unknown"],
    ["Gives", `level ${item.level}, from ${SOURCES[item.source] || item.source}`],
  ];
  return element(
    "li",
    { className: "evidence-item" },
    element("p", { className: "evidence-name" }, achievement),
    element(
      "dl",
      {},
      facts.map(([term, value]) =>
        element("div", {}, element("dt", {}, term), element("dd", {}, value)),
      ),
    ),
  );
}

function verdict(level, need) {
  if (!(need > 0)) return `Level ${level} held.`;
  return level >= need
    ? `Level ${level} held; ${need} required. Met.`
    : `Level ${level} held; ${need} required: a gap of ${need - level}.`;
}

// The panel in #evidence; `ask(query, variables)` runs a GraphQL query with the page's token.
export function evidencePanel(ask) {
  let people = new Map(); // person id → (skill id → the level held and its evidence)
  let opener = null;

  async function personSkills(personId) {
    let found = people.get(personId);
    if (!found) {
      const data = await ask(EVIDENCE_QUERY, { id: personId });
      if (!data.node) throw new PageError(["That person is no longer visible to you."]);
      found = new Map(data.node.skills.map((held) => [held.skill.id, held]));
      people.set(personId, found);
    }
    return found;
  }

  // Show the evidence behind matrix.levels[i][j]; `button` is the cell that asked.
  async function open(matrix, i, j, button) {
    const person = matrix.people[i];
    const skill = matrix.skills[j];
    announce(`Loading the evidence for ${person.name}…`);
    const held = (await personSkills(person.id)).get(skill.id);
    opener = button;
    $("evidence-heading").textContent = `${skill.name} — ${person.name}`;
    $("evidence-summary").textContent = verdict(matrix.levels[i][j], matrix.required[j]);
    const items = held ? held.evidence : [];
    $("evidence-list").replaceChildren(
      ...(items.length
        ? items.map(evidenceItem)
        : [
            element(
              "li",
              { className: "muted" },
              "No credential that verifies today gives this skill.",
            ),
          ]),
    );
    $("evidence").hidden = false;
    const count = plural(items.length, "credential", "credentials");
    announce(`Evidence for ${person.name}, ${skill.name}: ${count}.`);
    $("evidence-heading").focus();
  }

  function close(restore = true) {
    $("evidence").hidden = true;
    if (restore && opener && document.body.contains(opener)) opener.focus();
    opener = null;
  }

  // A new matrix: forget what was read and hide the panel, leaving the focus where it is.
  function reset() {
    people = new Map();
    close(false);
  }

  $("evidence-close").addEventListener("click", () => close());
  $("evidence").addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  return { open, reset };
}
