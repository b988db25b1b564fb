// What the page knows (the JSON block written by kg.network.page_data), helpers
// shared by every part, and the filters: which contacts are shown, and how many
// each filter value would show.
//
// Every piece of data reaches the page through textContent or a canvas label,
// never through innerHTML, so names and titles stay text.

var data = JSON.parse(document.getElementById("kg-data").textContent);
var people = data.people;
var countries = data.countries;
var contacts = data.contacts;
var types = data.types;
var byId = function (id) { return document.getElementById(id); };

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  return node;
}

function fold(text) {
  return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
}

// Numbers and dates never go through the browser's locale: 7,541 and 2024-04-03 everywhere.
function number(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function plural(n, word, many) {
  return number(n) + " " + (n === 1 ? word : (many || word + "s"));
}

function listWords(names) {
  return names.join(", ");
}

// ---- participants, countries, contacts ------------------------------------------------
var NO_COUNTRY = -1;
people.forEach(function (person, i) {
  person.index = i;
  person.group = person.countries.length ? person.countries[0] : NO_COUNTRY;
  person.folded = fold(person.name);
  person.contacts = [];
});
countries.forEach(function (country, i) {
  country.index = i;
  country.folded = fold(country.name);
});

function groupColor(group) {
  if (group === NO_COUNTRY) { return data.colors.none; }
  return countries[group].color || data.colors.other;
}

function groupName(group) {
  return group === NO_COUNTRY ? "no country" : countries[group].name;
}

contacts.forEach(function (contact, i) {
  contact.index = i;
  contact.publishers = {};
  contact.sources.forEach(function (s) { contact.publishers[data.sources[s].publisher] = true; });
  contact.contested = contact.says.some(function (s) { return s.status === "disputed"; });
  contact.who.forEach(function (p) { people[p].contacts.push(i); });
});

// ---- what a contact's claims say --------------------------------------------------------
var PRECISION = {
  day: "to the day", month: "to the month", season: "to the season",
  year: "to the year", decade: "to the decade"
};

function dateText(contact) {
  var text = contact.date + " (" + (PRECISION[contact.precision] || contact.precision) + ")";
  return contact.series ? text + ", a series" : text;
}

function agentNames(indices) {
  return indices.map(function (a) { return data.agents[a]; });
}

// "disputed: affirmed by X; denied by Y", as `kg disputes` and `kg last-contact` say it.
// A statement nobody denies is disputed by a rival (another date, another initiator):
// the rival is named, with who affirms it.
function supportText(statement, contact) {
  var yes = agentNames(statement.yes);
  var no = agentNames(statement.no);
  if (statement.status === "disputed") {
    var text = "disputed: affirmed by " + (yes.length ? listWords(yes) : "no one named");
    if (no.length) { return text + "; denied by " + listWords(no); }
    var rivals = (contact ? contact.says : []).filter(function (s) {
      return s.what === statement.what && s.value !== statement.value && s.yes.length;
    });
    if (!rivals.length) { return text + "; other claims contradict it"; }
    return text + "; contradicted by " + rivals.map(function (s) {
      return statementLabel(s) + " (affirmed by " + listWords(agentNames(s.yes)) + ")";
    }).join("; ");
  }
  if (statement.status === "denied") { return "denied by " + listWords(no); }
  return yes.length ? statement.status + ", according to " + listWords(yes) : statement.status;
}

function statementLabel(statement) {
  if (statement.what === "occurred") { return "the contact itself"; }
  return statement.what + " “" + statement.value + "”";
}

function occurred(contact) {
  for (var i = 0; i < contact.says.length; i += 1) {
    if (contact.says[i].what === "occurred") { return contact.says[i]; }
  }
  return { what: "occurred", value: "", status: contact.status, yes: [], no: [] };
}

function disputedStatements(contact) {
  return contact.says.filter(function (s) { return s.status === "disputed"; });
}

function sourceText(index) {
  var source = data.sources[index];
  var text = data.publishers[source.publisher] + ", “" + source.title + "”";
  return source.published ? text + ", " + source.published : text;
}

// ---- filters ------------------------------------------------------------------------------
var STATUSES = ["confirmed", "reported", "disputed"];
var filters = {
  from: "", to: "", types: {}, statuses: {}, contested: false, publishers: {}, countries: []
};

function resetFilters() {
  filters.from = "";
  filters.to = "";
  types.forEach(function (t, i) { filters.types[i] = true; });
  STATUSES.forEach(function (s) { filters.statuses[s] = true; });
  filters.contested = false;
  data.publishers.forEach(function (p, i) { filters.publishers[i] = true; });
  filters.countries = [];
}

function lastDay(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// "2022" → ["2022-01-01", "2022-12-31"]; null when the text is not a date.
function dayBounds(text) {
  var match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (!match) { return null; }
  var year = Number(match[1]);
  var month = match[2] ? Number(match[2]) : 0;
  var day = match[3] ? Number(match[3]) : 0;
  if (match[2] && (month < 1 || month > 12)) { return null; }
  if (match[3] && (day < 1 || day > lastDay(year, month))) { return null; }
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  if (day) { return [text.trim(), text.trim()]; }
  if (month) {
    return [match[1] + "-" + pad(month) + "-01", match[1] + "-" + pad(month) + "-" + pad(lastDay(year, month))];
  }
  return [match[1] + "-01-01", match[1] + "-12-31"];
}

function hasCountry(contact, wanted) {
  for (var i = 0; i < contact.who.length; i += 1) {
    var mine = people[contact.who[i]].countries;
    for (var j = 0; j < mine.length; j += 1) {
      if (wanted[mine[j]]) { return true; }
    }
  }
  return false;
}

function hasPublisher(contact) {
  for (var p in contact.publishers) {
    if (filters.publishers[p]) { return true; }
  }
  return contact.sources.length === 0;
}

// Which contacts pass every filter (`shown`), and for each filter's values how many
// contacts would pass with that value and every other filter as it is (`facets`).
function evaluate() {
  var wantedCountries = {};
  filters.countries.forEach(function (c) { wantedCountries[c] = true; });
  var anyCountry = filters.countries.length > 0;
  var shown = new Uint8Array(contacts.length);
  var facets = { types: {}, statuses: {}, contested: 0, publishers: {}, countries: {} };
  var total = 0;
  contacts.forEach(function (c, i) {
    var date = (!filters.from || c.latest >= filters.from) && (!filters.to || c.earliest <= filters.to);
    if (!date) { return; }
    var type = filters.types[c.type] === true;
    var status = filters.statuses[c.status] === true && (!filters.contested || c.contested);
    var source = hasPublisher(c);
    var country = !anyCountry || hasCountry(c, wantedCountries);
    if (status && source && country) { facets.types[c.type] = (facets.types[c.type] || 0) + 1; }
    if (type && source && country) {
      facets.statuses[c.status] = (facets.statuses[c.status] || 0) + 1;
      if (c.contested && filters.statuses[c.status]) { facets.contested += 1; }
    }
    if (type && status && country) {
      for (var p in c.publishers) { facets.publishers[p] = (facets.publishers[p] || 0) + 1; }
    }
    if (type && status && source) {
      var seen = {};
      c.who.forEach(function (w) {
        people[w].countries.forEach(function (k) {
          if (!seen[k]) { seen[k] = true; facets.countries[k] = (facets.countries[k] || 0) + 1; }
        });
      });
    }
    if (type && status && source && country) { shown[i] = 1; total += 1; }
  });
  var perPerson = new Int32Array(people.length);
  contacts.forEach(function (c, i) {
    if (shown[i]) { c.who.forEach(function (p) { perPerson[p] += 1; }); }
  });
  var participants = 0;
  var perGroup = {};
  people.forEach(function (person, i) {
    if (perPerson[i]) {
      participants += 1;
      perGroup[person.group] = (perGroup[person.group] || 0) + 1;
    }
  });
  return {
    shown: shown, total: total, perPerson: perPerson, participants: participants,
    perGroup: perGroup, facets: facets
  };
}

resetFilters();
var state = evaluate();
