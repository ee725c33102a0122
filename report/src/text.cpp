#include "displace/report/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "displace/common/error.hpp"

namespace displace::report {
namespace {

struct Message {
  std::string_view id;
  std::string_view en;
  std::string_view es;
};

// One row per message: the English and the Spanish text side by side. Placeholders {0}, {1}, ...
constexpr std::array kMessages = {
    Message{"title", "Displacement report: {0}", "Informe de desplazamiento: {0}"},
    Message{"subtitle", "What a simulation of {0} says, for planners.",
            "Lo que dice una simulación de {0}, para quienes planifican."},
    Message{"generated", "Made by displace {0} from {1} on {2}.",
            "Elaborado por displace {0} a partir de {1} el {2}."},
    Message{"heading.headline", "Headline figures", "Cifras principales"},
    Message{"heading.what", "What was simulated", "Qué se simuló"},
    Message{"heading.maps", "Where people were displaced from, and where they went",
            "De dónde se desplazaron las personas y adónde fueron"},
    Message{"heading.series", "Households by situation over time",
            "Hogares según su situación a lo largo del tiempo"},
    Message{"heading.regions", "By administrative region", "Por región administrativa"},
    Message{"heading.comparison", "Policy comparison", "Comparación de políticas"},
    Message{"heading.limits", "What the model leaves out", "Qué deja fuera el modelo"},
    Message{"heading.provenance", "Provenance", "Procedencia"},
    // Figures.
    Message{"metric.people_at_start", "People living in the area", "Personas que viven en la zona"},
    Message{"metric.peak_displaced_households", "Households displaced at the peak",
            "Hogares desplazados en el momento de máximo"},
    Message{"metric.cumulative_displaced_households", "Displacements (households)",
            "Desplazamientos (hogares)"},
    Message{"metric.evacuated_households", "Households evacuated", "Hogares evacuados"},
    Message{"metric.migrated_households", "Households migrated by the end",
            "Hogares que migraron, al final del periodo"},
    Message{"metric.returned_households", "Households that returned home",
            "Hogares que regresaron a su vivienda"},
    Message{"metric.peak_trapped_households", "Households trapped at the peak",
            "Hogares atrapados en el momento de máximo"},
    Message{"metric.people_months_displaced", "People-months of displacement",
            "Personas-mes de desplazamiento"},
    Message{"metric.relocated_households", "Households relocated (planned)",
            "Hogares reubicados (de forma planificada)"},
    Message{"metric.displaced_people_evacuation", "People who left home to evacuate",
            "Personas que dejaron su hogar para evacuar"},
    Message{"metric.displaced_people_uninhabitable_home",
            "People who left a home that became uninhabitable",
            "Personas que dejaron una vivienda que quedó inhabitable"},
    Message{"metric.uninhabitable_by_hazard", "People who left a home made uninhabitable by",
            "Personas que dejaron una vivienda que quedó inhabitable por"},
    Message{"metric.displaced_people_services_loss",
            "People who left home for lost services or livelihoods",
            "Personas que dejaron su hogar por pérdida de servicios o medios de vida"},
    Message{"metric.people_to_external", "People who moved to destinations outside the area",
            "Personas que se trasladaron a destinos fuera de la zona"},
    Message{"metric.protected_people", "People early warning moved out of homes then destroyed",
            "Personas que la alerta temprana sacó de viviendas luego destruidas"},
    Message{"note.protected_people",
            "evacuated, and their home then proved uninhabitable: without the warning they would "
            "have been at home when it was destroyed",
            "evacuadas, y su vivienda quedó luego inhabitable: sin la alerta habrían estado en "
            "casa cuando se destruyó"},
    Message{"note.peak_displaced_households", "most households away from a damaged home at once",
            "el mayor número de hogares fuera de una vivienda dañada a la vez"},
    Message{"note.people_months_displaced", "people displaced × months away from home",
            "personas desplazadas × meses fuera de su hogar"},
    Message{"note.migrated_households", "left the area for good",
            "se fueron de la zona de forma duradera"},
    Message{"note.evacuated_households", "moved out before the hazard struck",
            "salieron antes del impacto"},
    Message{"note.peak_trapped_households", "exposed, without the means to leave",
            "expuestos, sin medios para irse"},
    Message{"note.relocated_households", "moved by a relocation programme",
            "trasladados por un programa de reubicación"},
    Message{"range", "5–95%: {0} to {1}", "5–95 %: de {0} a {1}"},
    Message{"due", "due to the hazard: {0}", "debido a la amenaza: {0}"},
    Message{
        "explain.ensemble",
        "This file holds {0} runs of the scenario with different random seeds. Each figure is "
        "the median of the runs; beneath it, the range from 5% to 95% of them.",
        "Este archivo contiene {0} ejecuciones del escenario con distintas semillas aleatorias. "
        "Cada cifra es la mediana de las ejecuciones; debajo, el rango del 5 % al 95 %."},
    Message{"explain.due",
            "“Due to the hazard” is the difference with runs of the same period without the hazard "
            "({0}), paired run by run with the same random seeds: what the hazard itself caused. "
            "The rest (ordinary migration, for example) would have happened anyway.",
            "«Debido a la amenaza» es la diferencia con ejecuciones del mismo periodo sin la "
            "amenaza ({0}), emparejadas una a una con las mismas semillas aleatorias: lo que causó "
            "la propia amenaza. El resto (la migración habitual, por ejemplo) habría ocurrido de "
            "todos modos."},
    Message{"explain.single",
            "One run with one random seed. An ensemble (several seeds) would show how much the "
            "figures vary by chance, and a paired run without the hazard how much of them the "
            "hazard caused.",
            "Una sola ejecución con una semilla aleatoria. Un conjunto de ejecuciones (varias "
            "semillas) mostraría cuánto varían las cifras por azar, y una ejecución emparejada sin "
            "la amenaza, cuánto de ellas causó la amenaza."},
    Message{"explain.households",
            "Households and people are real households and people (each simulated agent stands "
            "for {0} households).",
            "Hogares y personas son hogares y personas reales (cada agente simulado representa "
            "{0} hogares)."},
    // What was simulated.
    Message{"what.scenario", "Scenario: {0}.", "Escenario: {0}."},
    Message{"what.area", "Area: {0}.", "Zona: {0}."},
    Message{"what.period", "Period: {0} to {1}, in {2} steps of {3}.",
            "Periodo: del {0} al {1}, en {2} pasos de {3}."},
    Message{"what.period_open", "Period: {2} steps of {3} from {0}; the last step starts on {1}.",
            "Periodo: {2} pasos de {3} desde el {0}; el último paso empieza el {1}."},
    Message{"step.day", "one day", "un día"},
    Message{"step.week", "one week", "una semana"},
    Message{"step.month", "one month", "un mes"},
    Message{"step.year", "one year", "un año"},
    Message{"what.population", "Population: {0} households ({1} people) at the start.",
            "Población: {0} hogares ({1} personas) al inicio."},
    Message{"what.hazards", "Hazards:", "Amenazas:"},
    Message{"what.no_hazard", "Hazards: none in this scenario.",
            "Amenazas: ninguna en este escenario."},
    Message{"what.events", "{0}, events: {1}", "{0}, eventos: {1}"},
    Message{"what.sampled", "{0}, {1} events a year drawn at random from {2} to {3}",
            "{0}, {1} eventos al año sorteados al azar de {2} a {3}"},
    Message{"what.climate", "climate: {0} (changes in temperature over the period)",
            "clima: {0} (cambios de temperatura a lo largo del periodo)"},
    Message{"what.policies", "Policies:", "Políticas:"},
    Message{"what.no_policy", "Policies: none (the situation without intervention).",
            "Políticas: ninguna (la situación sin intervención)."},
    Message{"what.policy_window", "{0} “{1}”, from {2} to {3}", "{0} «{1}», del {2} al {3}"},
    Message{"what.policy_from", "{0} “{1}”, from {2}", "{0} «{1}», desde el {2}"},
    Message{"what.policy_always", "{0} “{1}”, over the whole period",
            "{0} «{1}», durante todo el periodo"},
    Message{"what.destinations", "Destinations outside the area: {0}.",
            "Destinos fuera de la zona: {0}."},
    Message{"what.counterfactual", "Each run is paired with a run without the hazard: {0}.",
            "Cada ejecución se empareja con otra sin la amenaza: {0}."},
    Message{"what.sweep", "Parameters varied across the runs: {0}.",
            "Parámetros que varían entre ejecuciones: {0}."},
    Message{"policy.early_warning", "early warning and evacuation", "alerta temprana y evacuación"},
    Message{"policy.cash_transfer", "cash transfer", "transferencia monetaria"},
    Message{"policy.adaptation_subsidy", "adaptation subsidy", "subsidio de adaptación"},
    Message{"policy.planned_relocation", "planned relocation", "reubicación planificada"},
    Message{"policy.migration_pathway", "migration pathway", "vía de migración regular"},
    Message{"policy.return_support", "support for return and reconstruction",
            "apoyo al retorno y la reconstrucción"},
    Message{"policy.shelter", "shelters", "albergues"},
    // Maps.
    Message{"map.displaced_from", "People displaced from their home, by where home is, on {0}",
            "Personas desplazadas de su hogar, según dónde está su vivienda, el {0}"},
    Message{"map.arrivals", "People away from home, by where they are staying, on {0}",
            "Personas fuera de su hogar, según dónde se encuentran, el {0}"},
    Message{"map.legend", "people per grid cell; grey: inhabited cells",
            "personas por celda; gris: celdas habitadas"},
    Message{"map.extent",
            "Longitude {0} to {1}, latitude {2} to {3}; each square is one grid cell.",
            "Longitud de {0} a {1}, latitud de {2} a {3}; cada cuadrado es una celda."},
    Message{"map.extent_projected", "Each square is one grid cell of the run's projected grid.",
            "Cada cuadrado es una celda de la malla proyectada de la ejecución."},
    Message{"map.aggregated", "Cells grouped {0} × {0} to keep the map small.",
            "Celdas agrupadas de {0} × {0} para que el mapa sea ligero."},
    Message{"map.median", "Median of the runs, cell by cell.",
            "Mediana de las ejecuciones, celda a celda."},
    Message{"map.none", "This run file has no maps (outputs.map_every_steps is 0).",
            "Este archivo de resultados no tiene mapas (outputs.map_every_steps es 0)."},
    Message{"map.empty", "No one is displaced in any map of this run.",
            "Nadie está desplazado en ningún mapa de esta ejecución."},
    // Time series.
    Message{"status.evacuated", "evacuated", "evacuados"},
    Message{"status.displaced", "displaced", "desplazados"},
    Message{"status.migrated", "migrated", "migraron"},
    Message{"status.relocated", "relocated", "reubicados"},
    Message{"status.returned", "returned", "regresaron"},
    Message{"status.trapped", "trapped", "atrapados"},
    Message{"series.caption",
            "Households by situation at the end of each step, all regions (households still at "
            "home are left out so the others can be seen).",
            "Hogares según su situación al final de cada paso, todas las regiones (se omiten los "
            "hogares que siguen en casa para que se vean los demás)."},
    Message{"series.band", "Lines: median of the runs; bands: 5–95%.",
            "Líneas: mediana de las ejecuciones; bandas: 5–95 %."},
    Message{"series.axis", "households", "hogares"},
    // Shelters.
    Message{"heading.shelters", "Shelters", "Albergues"},
    Message{"shelter.caption",
            "Households staying at each shelter site at the end of each step, against the site's "
            "capacity.",
            "Hogares alojados en cada albergue al final de cada paso, frente a su capacidad."},
    Message{"shelter.name", "Shelter site", "Albergue"},
    Message{"shelter.capacity", "Capacity (households)", "Capacidad (hogares)"},
    Message{"shelter.peak", "Most households at once", "Máximo de hogares a la vez"},
    Message{"shelter.peak_date", "On", "Fecha"},
    Message{"shelter.peak_people", "People then", "Personas entonces"},
    Message{"shelter.end", "Households at the end", "Hogares al final"},
    // Region table.
    Message{"region.code", "Code", "Código"},
    Message{"region.name", "Region", "Región"},
    Message{"region.total", "All regions", "Todas las regiones"},
    Message{"region.people", "People", "Personas"},
    Message{"region.due", "of which due to the hazard", "de ellas, debidas a la amenaza"},
    Message{"region.displacements_people", "People who left home (all causes)",
            "Personas que dejaron su hogar (todas las causas)"},
    Message{"region.caption", "By home region. Ensemble files: medians of the runs.",
            "Según la región de residencia. Conjuntos de ejecuciones: medianas."},
    // Admin level table (DTM-style).
    Message{"heading.admin_level", "Displaced people by admin unit (admin {0})",
            "Personas desplazadas por unidad administrativa (admin {0})"},
    Message{"admin.origin", "Unit of origin (home)", "Unidad de origen (hogar)"},
    Message{"admin.current", "Where they are now", "Dónde están ahora"},
    Message{"admin.breakdown.all", "People", "Personas"},
    Message{"admin.breakdown.female_headed", "in female-headed households",
            "en hogares encabezados por mujeres"},
    Message{"admin.breakdown.with_children", "in households with children",
            "en hogares con niñas o niños"},
    Message{"admin.breakdown.with_elderly", "in households with older people",
            "en hogares con personas mayores"},
    Message{"admin.breakdown.with_disability", "in households with a disability",
            "en hogares con alguna discapacidad"},
    Message{"admin.caption",
            "Displaced or evacuated people by admin unit of origin and the admin unit (or "
            "destination abroad) where they are, as IOM's Displacement Tracking Matrix reports "
            "them: layer {0}, admin level {1}, on {2}, the step with the most. The breakdowns "
            "overlap.",
            "Personas desplazadas o evacuadas según la unidad administrativa de origen y la "
            "unidad (o el destino en el exterior) donde están, como las presenta la Matriz de "
            "Seguimiento de Desplazamientos de la OIM: capa {0}, nivel administrativo {1}, el "
            "{2}, el paso con más personas. Los desgloses se solapan."},
    Message{"admin.left_out",
            "{0} smaller pairs are not shown; displace export RUN --table admin_{1} writes the "
            "whole table for every step.",
            "No se muestran {0} pares menores; displace export RUN --table admin_{1} escribe la "
            "tabla completa de cada paso."},
    // The forecast's section (displace forecast; docs/forecast.md).
    Message{"heading.forecast", "Forecast: {0}", "Pronóstico: {0}"},
    Message{"forecast.label",
            "Forecast file {0}: the official forecast of {1} issued on {2} UTC; {3} members "
            "drawn from its errors (track seed {4}), each a run of the scenario below.",
            "Archivo de pronóstico {0}: el pronóstico oficial de {1} emitido el {2} UTC; {3} "
            "miembros obtenidos de sus errores (semilla de trayectorias {4}), cada uno una "
            "ejecución del escenario descrito abajo."},
    Message{"forecast.synthetic",
            "This is a synthetic forecast, made from a best track, not a forecast that was "
            "issued: its figures show what displace computes, not how skilful a forecast is.",
            "Este es un pronóstico sintético, hecho a partir de una trayectoria observada, no un "
            "pronóstico emitido: sus cifras muestran lo que calcula displace, no la destreza de "
            "un pronóstico."},
    Message{"forecast.map_title", "The track forecast of {0}, its cone and the members' tracks",
            "El pronóstico de trayectoria de {0}, su cono y las trayectorias de los miembros"},
    Message{"forecast.map_caption",
            "Red: the official track, its points labelled in hours after the issue. Thin blue "
            "lines: the members' tracks. Orange: the cone, circles of NHC's cone radius (the "
            "circle that held two thirds of NHC's official track errors) at each forecast point, "
            "outlined, and between the points, filled as one; about two thirds of the members' "
            "centres fall inside each outlined circle. Grey: inhabited cells of the grid; "
            "dashed: the grid's edge.",
            "Rojo: la trayectoria oficial, con sus puntos marcados en horas desde la emisión. "
            "Líneas azules finas: las trayectorias de los miembros. Naranja: el cono, círculos "
            "del radio del cono del NHC (el círculo que contuvo dos tercios de los errores de "
            "trayectoria de sus pronósticos oficiales) en cada punto del pronóstico, con borde, "
            "y entre los puntos, rellenos como uno solo; cerca de dos tercios de los centros de "
            "los miembros caen dentro de cada círculo con borde. Gris: celdas habitadas de la "
            "malla; línea discontinua: el borde de la malla."},
    Message{"forecast.map_extent", "Longitude {0} to {1}, latitude {2} to {3}.",
            "Longitud de {0} a {1}, latitud de {2} a {3}."},
    Message{"forecast.map_projected",
            "The run's grid is projected (not in longitude and latitude): it is not drawn.",
            "La malla de la ejecución está proyectada (no en longitud y latitud): no se dibuja."},
    Message{"heading.forecast_ranges", "Ranges by municipality", "Rangos por municipio"},
    Message{"forecast.on", "on {0}", "el {0}"},
    Message{"forecast.q.displaced_people", "Displaced people", "Personas desplazadas"},
    Message{"forecast.q.damaged_home_households", "Uninhabitable homes (households)",
            "Viviendas inhabitables (hogares)"},
    Message{"forecast.q.evacuated_people", "Evacuated people", "Personas evacuadas"},
    Message{"forecast.q.left_home_evacuation_people", "People who evacuated",
            "Personas que evacuaron"},
    Message{"forecast.q.moved_abroad_people", "People who left for abroad",
            "Personas que se fueron al exterior"},
    Message{"forecast.p_above", "Chance of more than {0} displaced",
            "Probabilidad de más de {0} desplazados"},
    Message{"forecast.p_above_without", "Chance of more than {0} displaced, without the action",
            "Probabilidad de más de {0} desplazados, sin la acción"},
    Message{"forecast.p_above_with", "Chance of more than {0} displaced, with the action",
            "Probabilidad de más de {0} desplazados, con la acción"},
    Message{"forecast.percent", "{0}%", "{0} %"},
    Message{"forecast.ranges_caption",
            "The median over the {0} members and, beneath, the 5–95% range, each figure at its "
            "peak: the step (under its name) when its median in all regions is highest. "
            "Displaced: people displaced at the end of the step; uninhabitable homes: households "
            "at home in a dwelling that cannot be lived in; evacuated: people who left home to "
            "evacuate during the step; abroad: people who moved from the region to a destination "
            "outside the area during the step. The chance of more than a number of displaced "
            "people, on {1}: the share of members above it. Regions by median displaced people; "
            "summary.csv has every step and quantity.",
            "La mediana de los {0} miembros y, debajo, el rango del 5 al 95 %, cada cifra en su "
            "máximo: el paso (bajo su nombre) en que su mediana en todas las regiones es mayor. "
            "Desplazadas: personas desplazadas al final del paso; viviendas inhabitables: hogares "
            "en una vivienda que no puede habitarse; evacuaron: personas que dejaron su hogar "
            "para evacuar durante el paso; exterior: personas que se fueron de la región a un "
            "destino fuera de la zona durante el paso. La probabilidad de más de un número de "
            "personas desplazadas, el {1}: la proporción de miembros por encima. Regiones según "
            "la mediana de personas desplazadas; summary.csv tiene todos los pasos y cantidades."},
    Message{"heading.forecast_action", "What the action changes: {0}", "Qué cambia la acción: {0}"},
    Message{"forecast.action_caption",
            "Every member was run again with the action ({0}), on the same track and with the "
            "same seed, so that the difference is the action's alone. Each figure is without the "
            "action minus with it, member by member, at the step under its name (median and "
            "5–95% of the differences): a positive value is what the action avoids, a negative "
            "one what it adds. The chances of more than a number of displaced people are on {1}. "
            "action-summary.csv has every step.",
            "Cada miembro se ejecutó de nuevo con la acción ({0}), con la misma trayectoria y la "
            "misma semilla, de modo que la diferencia se debe solo a la acción. Cada cifra es sin "
            "la acción menos con ella, miembro a miembro, en el paso indicado bajo su nombre "
            "(mediana y 5 a 95 % de las diferencias): un valor positivo es lo que la acción "
            "evita; uno negativo, lo que añade. Las probabilidades de más de un número de "
            "personas desplazadas son del {1}. action-summary.csv tiene todos los pasos."},
    // Comparison.
    Message{"compare.caption",
            "Totals of each run side by side; in brackets, the change against the first.",
            "Totales de cada ejecución lado a lado; entre paréntesis, el cambio respecto a la "
            "primera."},
    Message{"compare.figure", "Figure", "Cifra"},
    Message{"compare.due_column", "{0}: due to the hazard", "{0}: debido a la amenaza"},
    Message{"compare.counterfactual_column", "{0}: without the hazard", "{0}: sin la amenaza"},
    // Limits.
    Message{"limit.forecast",
            "A simulation, not a forecast: it shows what follows from the inputs and the "
            "assumptions, and is most useful to compare options with each other.",
            "Es una simulación, no un pronóstico: muestra lo que se sigue de los datos y los "
            "supuestos, y sirve sobre todo para comparar opciones entre sí."},
    Message{"limit.agents",
            "Households are simulated in groups (agents); figures of a few households are not "
            "meaningful.",
            "Los hogares se simulan en grupos (agentes); cifras de unos pocos hogares no son "
            "significativas."},
    Message{"limit.behaviour",
            "Behaviour (who leaves, where to, when they return) follows rules and rates from the "
            "literature, not calibrated to this place unless the scenario says so.",
            "El comportamiento (quién se va, adónde, cuándo vuelve) sigue reglas y tasas de la "
            "literatura, no calibradas para este lugar salvo que el escenario lo indique."},
    Message{
        "limit.exposure",
        "Hazards damage homes only; people away from home are not exposed where they stay.",
        "Las amenazas solo dañan viviendas; quienes están fuera de su hogar no quedan expuestos "
        "donde se encuentran."},
    Message{"limit.geography",
            "Evacuees stay in their home cell; distances are straight lines between cell centres; "
            "households that left the grid make no further moves (they may return).",
            "Los evacuados permanecen en su celda; las distancias son líneas rectas entre centros "
            "de celda; los hogares que salen de la malla no vuelven a moverse (pueden regresar)."},
    Message{"limit.climate",
            "Of the climate drivers only heat is used; kin ties reach one other region and at most "
            "16 outside destinations.",
            "De los factores climáticos solo se usa el calor; los lazos familiares alcanzan una "
            "región más y como máximo 16 destinos exteriores."},
    // Provenance.
    Message{"prov.file", "Run file", "Archivo de resultados"},
    Message{"prov.version", "displace version", "Versión de displace"},
    Message{"prov.revision", "Source revision", "Revisión del código"},
    Message{"prov.seed", "Random seed", "Semilla aleatoria"},
    Message{"prov.runs", "Runs in the file", "Ejecuciones en el archivo"},
    Message{"prov.started", "Run started (UTC)", "Inicio de la ejecución (UTC)"},
    Message{"prov.ended", "Run ended (UTC)", "Fin de la ejecución (UTC)"},
    Message{"prov.agents", "Simulated agents × households each",
            "Agentes simulados × hogares por agente"},
    Message{"prov.inputs", "Input files and their SHA-256 checksums",
            "Archivos de entrada y sus sumas SHA-256"},
    Message{"prov.rerun",
            "The complete scenario is stored in the run file (attribute scenario_yaml); running "
            "it again with the same seed gives the same figures.",
            "El escenario completo está guardado en el archivo de resultados (atributo "
            "scenario_yaml); ejecutarlo de nuevo con la misma semilla da las mismas cifras."},
};

constexpr std::array<std::string_view, 12> kMonthsEn = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kMonthsEs = {
    "enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
    "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};

constexpr std::string_view kNarrowNoBreakSpace = "\u202f";
constexpr std::string_view kMinus = "\u2212";

/// Digits of a non-negative integer text grouped by three.
std::string grouped(const std::string& digits, Language language) {
  if (language == Language::es && digits.size() <= 4) return digits;  // RAE: 2458, 12 345
  const std::string separator =
      language == Language::en ? std::string(",") : std::string(kNarrowNoBreakSpace);
  std::string out;
  const std::size_t head = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out = digits.substr(0, head);
  for (std::size_t i = head; i < digits.size(); i += 3)
    out += separator + digits.substr(i, 3);
  return out;
}

}  // namespace

Language parse_language(std::string_view text) {
  if (text == "en") return Language::en;
  if (text == "es") return Language::es;
  throw InputError("--lang: '" + std::string(text) + "' is not a report language (en or es)");
}

std::string_view language_code(Language language) {
  return language == Language::en ? "en" : "es";
}

std::string_view message(std::string_view id, Language language) {
  for (const Message& m : kMessages) {
    if (m.id == id) return language == Language::en ? m.en : m.es;
  }
  throw Error("report: no message '" + std::string(id) + "'");
}

std::vector<std::string_view> message_ids() {
  std::vector<std::string_view> ids;
  for (const Message& m : kMessages)
    ids.push_back(m.id);
  return ids;
}

std::vector<std::pair<std::string_view, std::string_view>> message_texts() {
  std::vector<std::pair<std::string_view, std::string_view>> texts;
  for (const Message& m : kMessages)
    texts.emplace_back(m.en, m.es);
  return texts;
}

std::string fill(std::string_view pattern, const std::vector<std::string>& args) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      const auto index = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (index < args.size()) {
        out += args[index];
        i += 2;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

std::string format_decimal(double value, int decimals, Language language) {
  if (std::isnan(value)) return "–";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, std::abs(value));
  const std::string_view all(text);
  const std::size_t dot = std::min(all.find('.'), all.size());
  const std::string digits(all.substr(0, dot));
  const std::string_view fraction = all.substr(std::min(dot + 1, all.size()));
  const bool negative = value < 0 && (digits.find_first_not_of('0') != std::string::npos ||
                                      fraction.find_first_of("123456789") != std::string::npos);
  std::string out;
  if (negative) out.append(kMinus);
  out.append(grouped(digits, language));
  if (dot < all.size()) out.append(language == Language::en ? "." : ",").append(fraction);
  return out;
}

std::string format_count(double value, Language language) {
  return format_decimal(value, 0, language);
}

std::string format_change_percent(double fraction, Language language) {
  if (std::isnan(fraction)) return "–";
  const std::string magnitude = format_decimal(std::abs(fraction) * 100.0, 1, language);
  const std::string sign = fraction < 0 ? std::string(kMinus) : std::string("+");
  return sign + magnitude + (language == Language::en ? "%" : std::string("\u00a0%"));
}

std::string format_date(std::string_view iso, Language language) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (iso.size() != 10 ||
      std::sscanf(std::string(iso).c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3 || month < 1 ||
      month > 12 || day < 1 || day > 31) {
    return std::string(iso);
  }
  const auto m = static_cast<std::size_t>(month - 1);
  if (language == Language::en) {
    return std::to_string(day) + " " + std::string(kMonthsEn[m]) + " " + std::to_string(year);
  }
  return std::to_string(day) + " de " + std::string(kMonthsEs[m]) + " de " + std::to_string(year);
}

}  // namespace displace::report
