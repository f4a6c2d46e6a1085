import{t as e}from"./client-DkNgJc21.js";var t=class extends Error{kind;code;retryAfterSeconds;constructor(e,t,n,r){super(t),this.kind=e,this.code=n,this.retryAfterSeconds=r}},n=`x-consistency-token`;function r(e,t=null){let r={"content-type":`application/json`,accept:`application/graphql-response+json, application/json`,authorization:`Bearer ${e.token}`};return e.organizationId&&(r[`x-organization-id`]=e.organizationId),t&&(r[n]=t),r}async function i(e,n,i,s=null){let c;try{c=await fetch(`/graphql`,{method:`POST`,headers:r(e,s),body:JSON.stringify({query:n.toString(),variables:i})})}catch{throw new t(`unreachable`,`The service cannot be reached.`)}let l=await a(c),u=l?.errors??[],d=o(c.status,u);if(d)throw d;if(l?.data===void 0||l.data===null){if(c.status>=500||l===null)throw new t(`unreachable`,`The service answered ${c.status} ${c.statusText}.`.trim());let e=u[0];throw new t(`failed`,e?.message??`The service answered without data.`,e?.extensions?.code)}return{data:l.data,errors:u}}async function a(e){try{return await e.json()}catch{return null}}function o(e,n){let r=n.map(e=>e.extensions?.code),i=n[0]?.message??``;if(e===401||r.includes(`UNAUTHORIZED`))return new t(`unauthorized`,i||`The credential was refused.`,`UNAUTHORIZED`);if(e===403||r.includes(`FORBIDDEN`))return new t(`forbidden`,i||`This clinic is not granted to the credential.`,`FORBIDDEN`);let a=n.find(e=>e.extensions?.code===`RATE_LIMITED`);if(e===429||a){let e=a?.extensions?.details?.retry_after_seconds??1;return new t(`limited`,i||`Too many requests.`,`RATE_LIMITED`,e)}return null}var s=`clinic-analytics.token`,c=`clinic-analytics.organization`,l=`clinic-analytics.window`;function u(){let e=new URLSearchParams(window.location.hash.replace(/^#/,``)),t=e.get(`token`);if(t===null)return;t.trim()!==``&&f(t),e.delete(`token`);let n=e.toString(),r=`${window.location.pathname}${window.location.search}${n?`#${n}`:``}`;window.history.replaceState(window.history.state,``,r)}function d(){return sessionStorage.getItem(s)}function f(e){sessionStorage.setItem(s,e.trim().replace(/^Bearer\s+/i,``))}function p(){sessionStorage.removeItem(s),sessionStorage.removeItem(c)}function m(){return sessionStorage.getItem(c)}function h(e){sessionStorage.setItem(c,e)}function g(){return sessionStorage.getItem(l)}function _(e){sessionStorage.setItem(l,e)}function v(e,t=null,...n){let r=document.createElement(e);for(let[e,n]of Object.entries(t??{}))n!==!1&&n!=null&&r.setAttribute(e,n===!0?``:String(n));return r.append(...n.filter(y).map(b)),r}function y(e){return e!=null&&e!==!1}function b(e){return e instanceof Node?e:String(e)}function x(e,...t){e.replaceChildren(...t.filter(y).map(b))}var S=0;function C(e){return S+=1,`${e}-${S}`}var w=class extends String{__apiType;value;__meta__;constructor(e,t){super(e),this.value=e,this.__meta__=t}toString(){return this.value}},T=new w(`
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}
    `,{fragmentName:`Meta`}),E=new w(`
    fragment AutomationCard on AutomationMetrics {
  automationBookings
  automatedRevenue
  operationalCosts
  totalRoi
  successfulContacts
  totalContacts
  efficiencyScore
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`AutomationCard`}),D=new w(`
    fragment BookingCard on BookingMetrics {
  totalBookings
  periodComparison
  previousPeriodBookings
  bookingsViaAi
  meta {
    ...Meta
    windowStart
    windowEnd
    comparisonStart
    comparisonEnd
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`BookingCard`}),O=new w(`
    fragment FinanceCard on FinancialMetrics {
  totalRevenue
  avgRevenuePerPatient
  lifetimeValueTotal
  lifetimeValueAverage
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`FinanceCard`}),k=new w(`
    fragment OutcomesCard on VisitOutcomes {
  attended
  appointments
  noShowRate
  cancellationRate
  lateCancellationRate
  revenuePerVisit
  unresolved
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`OutcomesCard`}),ee=new w(`
    fragment PatientCard on PatientMetrics {
  newPatients
  activePatients
  totalPatients
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`PatientCard`}),A=new w(`
    fragment ReengagementCard on ReengagementPerformance {
  currentlyDormant
  currentlyActive
  currentlyStale
  engagementRatePercent
  lifetimeValueAverage
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`ReengagementCard`}),j=new w(`
    fragment RetentionCard on Retention {
  patientsSeen
  returningPatients
  firstVisits
  rebookingRate
  visitsPerPatient
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`RetentionCard`}),te=new w(`
    fragment SummaryCard on DashboardSummary {
  activePatients
  engagementRate
  patientsWithRecent
  patientsWithUpcoming
  totalPatients
  lastSyncedAt
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`SummaryCard`}),ne=new w(`
    fragment ChartSeries on Charts {
  granularity
  bookingTrends {
    date
    bookings
    revenue
  }
  patientEngagementTrend {
    date
    activePatients
    newPatients
  }
  automationPerformance {
    date
    efficiencyScore
    automationRate
  }
  visitOutcomeTrend {
    date
    attended
    noShows
    cancellations
  }
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`ChartSeries`}),re=new w(`
    fragment BreakdownTable on Breakdown {
  by
  rows {
    key
    label
    appointments
    attended
    noShows
    noShowRate
    cancellations
    revenue
    patientsSeen
    rebookingRate
    bookings
  }
  meta {
    ...Meta
  }
}
    fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}`,{fragmentName:`BreakdownTable`}),ie=new w(`
    fragment UpcomingPage on AppointmentConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  nodes {
    startsAt
    appointmentType
    practitionerId
    practitionerName
    source
  }
}
    `,{fragmentName:`UpcomingPage`}),ae={"\n  fragment AutomationCard on AutomationMetrics {\n    automationBookings\n    automatedRevenue\n    operationalCosts\n    totalRoi\n    successfulContacts\n    totalContacts\n    efficiencyScore\n    meta {\n      ...Meta\n    }\n  }\n":E,"\n  fragment BookingCard on BookingMetrics {\n    totalBookings\n    periodComparison\n    previousPeriodBookings\n    bookingsViaAi\n    meta {\n      ...Meta\n      windowStart\n      windowEnd\n      comparisonStart\n      comparisonEnd\n    }\n  }\n":D,"\n  fragment FinanceCard on FinancialMetrics {\n    totalRevenue\n    avgRevenuePerPatient\n    lifetimeValueTotal\n    lifetimeValueAverage\n    meta {\n      ...Meta\n    }\n  }\n":O,"\n  query Comparison(\n    $org: ID!\n    $window: WindowInput!\n    $asOf: DateTime!\n    $patientMetrics: Boolean!\n    $financialMetrics: Boolean!\n    $automationMetrics: Boolean!\n    $visitOutcomes: Boolean!\n    $retention: Boolean!\n    $summary: Boolean!\n    $reengagement: Boolean!\n  ) {\n    organization(id: $org) {\n      patientMetrics(window: $window, asOf: $asOf) @include(if: $patientMetrics) {\n        newPatients\n      }\n      financialMetrics(window: $window, asOf: $asOf) @include(if: $financialMetrics) {\n        totalRevenue\n      }\n      automationMetrics(window: $window, asOf: $asOf) @include(if: $automationMetrics) {\n        automationBookings\n      }\n      visitOutcomes(window: $window, asOf: $asOf) @include(if: $visitOutcomes) {\n        attended\n      }\n      retention(window: $window, asOf: $asOf) @include(if: $retention) {\n        patientsSeen\n      }\n      summary(asOf: $asOf) @include(if: $summary) {\n        activePatients\n      }\n      reengagement(asOf: $asOf) @include(if: $reengagement) {\n        currentlyDormant\n      }\n    }\n  }\n":new w(`
    query Comparison($org: ID!, $window: WindowInput!, $asOf: DateTime!, $patientMetrics: Boolean!, $financialMetrics: Boolean!, $automationMetrics: Boolean!, $visitOutcomes: Boolean!, $retention: Boolean!, $summary: Boolean!, $reengagement: Boolean!) {
  organization(id: $org) {
    patientMetrics(window: $window, asOf: $asOf) @include(if: $patientMetrics) {
      newPatients
    }
    financialMetrics(window: $window, asOf: $asOf) @include(if: $financialMetrics) {
      totalRevenue
    }
    automationMetrics(window: $window, asOf: $asOf) @include(if: $automationMetrics) {
      automationBookings
    }
    visitOutcomes(window: $window, asOf: $asOf) @include(if: $visitOutcomes) {
      attended
    }
    retention(window: $window, asOf: $asOf) @include(if: $retention) {
      patientsSeen
    }
    summary(asOf: $asOf) @include(if: $summary) {
      activePatients
    }
    reengagement(asOf: $asOf) @include(if: $reengagement) {
      currentlyDormant
    }
  }
}
    `),"\n  fragment Meta on MetricMeta {\n    freshness\n    computedAt\n    staleReason\n  }\n":T,"\n  fragment OutcomesCard on VisitOutcomes {\n    attended\n    appointments\n    noShowRate\n    cancellationRate\n    lateCancellationRate\n    revenuePerVisit\n    unresolved\n    meta {\n      ...Meta\n    }\n  }\n":k,"\n  fragment PatientCard on PatientMetrics {\n    newPatients\n    activePatients\n    totalPatients\n    meta {\n      ...Meta\n    }\n  }\n":ee,"\n  fragment ReengagementCard on ReengagementPerformance {\n    currentlyDormant\n    currentlyActive\n    currentlyStale\n    engagementRatePercent\n    lifetimeValueAverage\n    meta {\n      ...Meta\n    }\n  }\n":A,"\n  fragment RetentionCard on Retention {\n    patientsSeen\n    returningPatients\n    firstVisits\n    rebookingRate\n    visitsPerPatient\n    meta {\n      ...Meta\n    }\n  }\n":j,"\n  fragment SummaryCard on DashboardSummary {\n    activePatients\n    engagementRate\n    patientsWithRecent\n    patientsWithUpcoming\n    totalPatients\n    lastSyncedAt\n    meta {\n      ...Meta\n    }\n  }\n":te,"\n  fragment ChartSeries on Charts {\n    granularity\n    bookingTrends {\n      date\n      bookings\n      revenue\n    }\n    patientEngagementTrend {\n      date\n      activePatients\n      newPatients\n    }\n    automationPerformance {\n      date\n      efficiencyScore\n      automationRate\n    }\n    visitOutcomeTrend {\n      date\n      attended\n      noShows\n      cancellations\n    }\n    meta {\n      ...Meta\n    }\n  }\n":ne,"\n  query Organizations {\n    organizations {\n      id\n      name\n      currency\n      timezone\n    }\n  }\n":new w(`
    query Organizations {
  organizations {
    id
    name
    currency
    timezone
  }
}
    `),"\n  query Dashboard(\n    $org: ID!\n    $window: WindowInput!\n    $compareTo: Comparison!\n    $granularity: Granularity!\n    $pageSize: Int!\n    $after: String\n    $bookingMetrics: Boolean!\n    $patientMetrics: Boolean!\n    $financialMetrics: Boolean!\n    $automationMetrics: Boolean!\n    $visitOutcomes: Boolean!\n    $retention: Boolean!\n    $breakdown: Boolean!\n    $by: Dimension!\n    $summary: Boolean!\n    $reengagement: Boolean!\n    $charts: Boolean!\n    $upcomingAppointments: Boolean!\n  ) {\n    organization(id: $org) {\n      bookingMetrics(window: $window, compareTo: $compareTo) @include(if: $bookingMetrics) {\n        ...BookingCard\n      }\n      patientMetrics(window: $window) @include(if: $patientMetrics) {\n        ...PatientCard\n      }\n      financialMetrics(window: $window) @include(if: $financialMetrics) {\n        ...FinanceCard\n      }\n      automationMetrics(window: $window) @include(if: $automationMetrics) {\n        ...AutomationCard\n      }\n      visitOutcomes(window: $window) @include(if: $visitOutcomes) {\n        ...OutcomesCard\n      }\n      retention(window: $window) @include(if: $retention) {\n        ...RetentionCard\n      }\n      breakdown(by: $by, window: $window) @include(if: $breakdown) {\n        ...BreakdownTable\n      }\n      summary @include(if: $summary) {\n        ...SummaryCard\n      }\n      reengagement @include(if: $reengagement) {\n        ...ReengagementCard\n      }\n      charts(window: $window, granularity: $granularity) @include(if: $charts) {\n        ...ChartSeries\n      }\n      upcomingAppointments(first: $pageSize, after: $after) @include(if: $upcomingAppointments) {\n        ...UpcomingPage\n      }\n    }\n  }\n":new w(`
    query Dashboard($org: ID!, $window: WindowInput!, $compareTo: Comparison!, $granularity: Granularity!, $pageSize: Int!, $after: String, $bookingMetrics: Boolean!, $patientMetrics: Boolean!, $financialMetrics: Boolean!, $automationMetrics: Boolean!, $visitOutcomes: Boolean!, $retention: Boolean!, $breakdown: Boolean!, $by: Dimension!, $summary: Boolean!, $reengagement: Boolean!, $charts: Boolean!, $upcomingAppointments: Boolean!) {
  organization(id: $org) {
    bookingMetrics(window: $window, compareTo: $compareTo) @include(if: $bookingMetrics) {
      ...BookingCard
    }
    patientMetrics(window: $window) @include(if: $patientMetrics) {
      ...PatientCard
    }
    financialMetrics(window: $window) @include(if: $financialMetrics) {
      ...FinanceCard
    }
    automationMetrics(window: $window) @include(if: $automationMetrics) {
      ...AutomationCard
    }
    visitOutcomes(window: $window) @include(if: $visitOutcomes) {
      ...OutcomesCard
    }
    retention(window: $window) @include(if: $retention) {
      ...RetentionCard
    }
    breakdown(by: $by, window: $window) @include(if: $breakdown) {
      ...BreakdownTable
    }
    summary @include(if: $summary) {
      ...SummaryCard
    }
    reengagement @include(if: $reengagement) {
      ...ReengagementCard
    }
    charts(window: $window, granularity: $granularity) @include(if: $charts) {
      ...ChartSeries
    }
    upcomingAppointments(first: $pageSize, after: $after) @include(if: $upcomingAppointments) {
      ...UpcomingPage
    }
  }
}
    fragment AutomationCard on AutomationMetrics {
  automationBookings
  automatedRevenue
  operationalCosts
  totalRoi
  successfulContacts
  totalContacts
  efficiencyScore
  meta {
    ...Meta
  }
}
fragment BookingCard on BookingMetrics {
  totalBookings
  periodComparison
  previousPeriodBookings
  bookingsViaAi
  meta {
    ...Meta
    windowStart
    windowEnd
    comparisonStart
    comparisonEnd
  }
}
fragment FinanceCard on FinancialMetrics {
  totalRevenue
  avgRevenuePerPatient
  lifetimeValueTotal
  lifetimeValueAverage
  meta {
    ...Meta
  }
}
fragment Meta on MetricMeta {
  freshness
  computedAt
  staleReason
}
fragment OutcomesCard on VisitOutcomes {
  attended
  appointments
  noShowRate
  cancellationRate
  lateCancellationRate
  revenuePerVisit
  unresolved
  meta {
    ...Meta
  }
}
fragment PatientCard on PatientMetrics {
  newPatients
  activePatients
  totalPatients
  meta {
    ...Meta
  }
}
fragment ReengagementCard on ReengagementPerformance {
  currentlyDormant
  currentlyActive
  currentlyStale
  engagementRatePercent
  lifetimeValueAverage
  meta {
    ...Meta
  }
}
fragment RetentionCard on Retention {
  patientsSeen
  returningPatients
  firstVisits
  rebookingRate
  visitsPerPatient
  meta {
    ...Meta
  }
}
fragment SummaryCard on DashboardSummary {
  activePatients
  engagementRate
  patientsWithRecent
  patientsWithUpcoming
  totalPatients
  lastSyncedAt
  meta {
    ...Meta
  }
}
fragment ChartSeries on Charts {
  granularity
  bookingTrends {
    date
    bookings
    revenue
  }
  patientEngagementTrend {
    date
    activePatients
    newPatients
  }
  automationPerformance {
    date
    efficiencyScore
    automationRate
  }
  visitOutcomeTrend {
    date
    attended
    noShows
    cancellations
  }
  meta {
    ...Meta
  }
}
fragment BreakdownTable on Breakdown {
  by
  rows {
    key
    label
    appointments
    attended
    noShows
    noShowRate
    cancellations
    revenue
    patientsSeen
    rebookingRate
    bookings
  }
  meta {
    ...Meta
  }
}
fragment UpcomingPage on AppointmentConnection {
  totalCount
  pageInfo {
    hasNextPage
    endCursor
  }
  nodes {
    startsAt
    appointmentType
    practitionerId
    practitionerName
    source
  }
}`),"\n  subscription DashboardUpdated($org: ID!) {\n    dashboardUpdated(organizationId: $org) {\n      groups\n      consistencyToken\n    }\n  }\n":new w(`
    subscription DashboardUpdated($org: ID!) {
  dashboardUpdated(organizationId: $org) {
    groups
    consistencyToken
  }
}
    `),"\n  fragment BreakdownTable on Breakdown {\n    by\n    rows {\n      key\n      label\n      appointments\n      attended\n      noShows\n      noShowRate\n      cancellations\n      revenue\n      patientsSeen\n      rebookingRate\n      bookings\n    }\n    meta {\n      ...Meta\n    }\n  }\n":re,"\n  fragment UpcomingPage on AppointmentConnection {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      startsAt\n      appointmentType\n      practitionerId\n      practitionerName\n      source\n    }\n  }\n":ie};function M(e){return ae[e]??{}}var N=M(`
  query Organizations {
    organizations {
      id
      name
      currency
      timezone
    }
  }
`),P=M(`
  query Dashboard(
    $org: ID!
    $window: WindowInput!
    $compareTo: Comparison!
    $granularity: Granularity!
    $pageSize: Int!
    $after: String
    $bookingMetrics: Boolean!
    $patientMetrics: Boolean!
    $financialMetrics: Boolean!
    $automationMetrics: Boolean!
    $visitOutcomes: Boolean!
    $retention: Boolean!
    $breakdown: Boolean!
    $by: Dimension!
    $summary: Boolean!
    $reengagement: Boolean!
    $charts: Boolean!
    $upcomingAppointments: Boolean!
  ) {
    organization(id: $org) {
      bookingMetrics(window: $window, compareTo: $compareTo) @include(if: $bookingMetrics) {
        ...BookingCard
      }
      patientMetrics(window: $window) @include(if: $patientMetrics) {
        ...PatientCard
      }
      financialMetrics(window: $window) @include(if: $financialMetrics) {
        ...FinanceCard
      }
      automationMetrics(window: $window) @include(if: $automationMetrics) {
        ...AutomationCard
      }
      visitOutcomes(window: $window) @include(if: $visitOutcomes) {
        ...OutcomesCard
      }
      retention(window: $window) @include(if: $retention) {
        ...RetentionCard
      }
      breakdown(by: $by, window: $window) @include(if: $breakdown) {
        ...BreakdownTable
      }
      summary @include(if: $summary) {
        ...SummaryCard
      }
      reengagement @include(if: $reengagement) {
        ...ReengagementCard
      }
      charts(window: $window, granularity: $granularity) @include(if: $charts) {
        ...ChartSeries
      }
      upcomingAppointments(first: $pageSize, after: $after) @include(if: $upcomingAppointments) {
        ...UpcomingPage
      }
    }
  }
`),oe=M(`
  subscription DashboardUpdated($org: ID!) {
    dashboardUpdated(organizationId: $org) {
      groups
      consistencyToken
    }
  }
`);function F(t,n){let r=window.location.protocol===`https:`?`wss:`:`ws:`,i=0,a=!1,o=e({url:`${r}//${window.location.host}/graphql/ws`,connectionParams:{Authorization:`Bearer ${t.token}`,"X-Organization-ID":t.organizationId??``},retryAttempts:1/0,shouldRetry:e=>!I(e),on:{connected:()=>{i+=1,n.status(!0),i>1&&n.changed(`all`,null)},closed:e=>{if(!a&&(n.status(!1),I(e))){let{code:t,reason:r}=e,i=t===4401||r.startsWith(`UNAUTHORIZED`);n.refused(i?`unauthorized`:`forbidden`,r||`Live updates were refused.`)}}}}),s=o.subscribe({query:oe.toString(),variables:{org:t.organizationId??``}},{next:e=>{let t=e.data?.dashboardUpdated;t&&n.changed(t.groups,t.consistencyToken??null);let r=e.errors?.find(e=>e.extensions?.code===`FORBIDDEN`||e.extensions?.code===`UNAUTHORIZED`);r&&n.refused(r.extensions?.code===`UNAUTHORIZED`?`unauthorized`:`forbidden`,r.message)},error:()=>n.status(!1),complete:()=>void 0});return()=>{a=!0,s(),o.dispose()}}function I(e){let t=e?.code;return t===4401||t===4403}function se(e){return e}M(`
  fragment AutomationCard on AutomationMetrics {
    automationBookings
    automatedRevenue
    operationalCosts
    totalRoi
    successfulContacts
    totalContacts
    efficiencyScore
    meta {
      ...Meta
    }
  }
`);var ce=se({key:`automationMetrics`,group:`AUTOMATION_METRICS`,title:`Automation`,headline:{field:`automationBookings`,label:`Bookings by automation`,format:`count`},change:{from:`comparison`,group:`automationMetrics`},figures:[{field:`automatedRevenue`,label:`Revenue they brought`,format:`money`},{field:`operationalCosts`,label:`Costs`,format:`money`},{field:`totalRoi`,label:`Return on cost`,format:`percent`},{field:`successfulContacts`,label:`Successful contacts`,format:`count`},{field:`totalContacts`,label:`Contacts sent`,format:`count`},{field:`efficiencyScore`,label:`Efficiency score (of 100)`,format:`score`}]});M(`
  fragment BookingCard on BookingMetrics {
    totalBookings
    periodComparison
    previousPeriodBookings
    bookingsViaAi
    meta {
      ...Meta
      windowStart
      windowEnd
      comparisonStart
      comparisonEnd
    }
  }
`);var le=se({key:`bookingMetrics`,group:`BOOKING_METRICS`,title:`Bookings`,headline:{field:`totalBookings`,label:`Bookings made`,format:`count`},change:{from:`field`,field:`periodComparison`},figures:[{field:`periodComparison`,label:`Change`,format:`change`,whenNull:`No bookings in the comparison window`},{field:`previousPeriodBookings`,label:`In the comparison window`,format:`count`},{field:`bookingsViaAi`,label:`Booked by the AI receptionist`,format:`count`}]});M(`
  fragment FinanceCard on FinancialMetrics {
    totalRevenue
    avgRevenuePerPatient
    lifetimeValueTotal
    lifetimeValueAverage
    meta {
      ...Meta
    }
  }
`);var ue=se({key:`financialMetrics`,group:`FINANCIAL_METRICS`,title:`Revenue`,headline:{field:`totalRevenue`,label:`Revenue`,format:`money`},change:{from:`comparison`,group:`financialMetrics`},figures:[{field:`avgRevenuePerPatient`,label:`Per patient seen`,format:`money`,whenNull:`No completed visits in the window`},{field:`lifetimeValueTotal`,label:`Lifetime revenue`,format:`money`},{field:`lifetimeValueAverage`,label:`Lifetime value per patient`,format:`money`,whenNull:`No patients yet`}]});M(`
  fragment OutcomesCard on VisitOutcomes {
    attended
    appointments
    noShowRate
    cancellationRate
    lateCancellationRate
    revenuePerVisit
    unresolved
    meta {
      ...Meta
    }
  }
`);var de=se({key:`visitOutcomes`,group:`VISIT_OUTCOMES`,title:`Visit outcomes`,headline:{field:`attended`,label:`Visits attended`,format:`count`},change:{from:`comparison`,group:`visitOutcomes`},figures:[{field:`appointments`,label:`Appointments that started`,format:`count`},{field:`noShowRate`,label:`No-show rate`,format:`percent`,whenNull:`No visits attended or missed`},{field:`cancellationRate`,label:`Cancellation rate`,format:`percent`,whenNull:`No appointments in the window`},{field:`lateCancellationRate`,label:`Late cancellations (under 24 h)`,format:`percent`,whenNull:`No appointments in the window`},{field:`revenuePerVisit`,label:`Revenue per visit`,format:`money`,whenNull:`No visits attended`},{field:`unresolved`,label:`Outcome not yet recorded`,format:`count`}]});M(`
  fragment PatientCard on PatientMetrics {
    newPatients
    activePatients
    totalPatients
    meta {
      ...Meta
    }
  }
`);var fe=se({key:`patientMetrics`,group:`PATIENT_METRICS`,title:`Patients`,headline:{field:`newPatients`,label:`New patients`,format:`count`},change:{from:`comparison`,group:`patientMetrics`},figures:[{field:`activePatients`,label:`Active patients`,format:`count`},{field:`totalPatients`,label:`All patients`,format:`count`}]});M(`
  fragment ReengagementCard on ReengagementPerformance {
    currentlyDormant
    currentlyActive
    currentlyStale
    engagementRatePercent
    lifetimeValueAverage
    meta {
      ...Meta
    }
  }
`);var pe=se({key:`reengagement`,group:`REENGAGEMENT`,title:`Re-engagement`,span:`Now: the last 90 days and the next 7`,headline:{field:`currentlyDormant`,label:`Dormant patients to win back`,format:`count`},change:{from:`comparison`,group:`reengagement`,better:`down`},figures:[{field:`currentlyActive`,label:`Active`,format:`count`},{field:`currentlyStale`,label:`Stale (over 90 days)`,format:`count`},{field:`engagementRatePercent`,label:`Engagement rate`,format:`percent`},{field:`lifetimeValueAverage`,label:`Lifetime value per patient`,format:`money`,whenNull:`No patients yet`}]});M(`
  fragment RetentionCard on Retention {
    patientsSeen
    returningPatients
    firstVisits
    rebookingRate
    visitsPerPatient
    meta {
      ...Meta
    }
  }
`);var me=se({key:`retention`,group:`RETENTION`,title:`Retention`,headline:{field:`patientsSeen`,label:`Patients seen`,format:`count`},change:{from:`comparison`,group:`retention`},figures:[{field:`returningPatients`,label:`Returning patients`,format:`count`},{field:`firstVisits`,label:`First visit ever`,format:`count`},{field:`rebookingRate`,label:`Rebook rate`,format:`percent`,whenNull:`No visits attended`},{field:`visitsPerPatient`,label:`Visits per patient`,format:`decimal`,whenNull:`No patients seen`}]});M(`
  fragment SummaryCard on DashboardSummary {
    activePatients
    engagementRate
    patientsWithRecent
    patientsWithUpcoming
    totalPatients
    lastSyncedAt
    meta {
      ...Meta
    }
  }
`);var he=[le,ue,de,fe,me,ce,se({key:`summary`,group:`SUMMARY`,title:`Engagement today`,span:`Now: the last 30 days and the next 7`,headline:{field:`activePatients`,label:`Active patients`,format:`count`},change:{from:`comparison`,group:`summary`},figures:[{field:`engagementRate`,label:`Engagement rate`,format:`percent`},{field:`patientsWithRecent`,label:`Seen in the last 30 days`,format:`count`},{field:`patientsWithUpcoming`,label:`Booked in the next 7 days`,format:`count`},{field:`totalPatients`,label:`All patients`,format:`count`},{field:`lastSyncedAt`,label:`Last sync`,format:`datetime`,whenNull:`Never synced`}]}),pe],ge=M(`
  query Comparison(
    $org: ID!
    $window: WindowInput!
    $asOf: DateTime!
    $patientMetrics: Boolean!
    $financialMetrics: Boolean!
    $automationMetrics: Boolean!
    $visitOutcomes: Boolean!
    $retention: Boolean!
    $summary: Boolean!
    $reengagement: Boolean!
  ) {
    organization(id: $org) {
      patientMetrics(window: $window, asOf: $asOf) @include(if: $patientMetrics) {
        newPatients
      }
      financialMetrics(window: $window, asOf: $asOf) @include(if: $financialMetrics) {
        totalRevenue
      }
      automationMetrics(window: $window, asOf: $asOf) @include(if: $automationMetrics) {
        automationBookings
      }
      visitOutcomes(window: $window, asOf: $asOf) @include(if: $visitOutcomes) {
        attended
      }
      retention(window: $window, asOf: $asOf) @include(if: $retention) {
        patientsSeen
      }
      summary(asOf: $asOf) @include(if: $summary) {
        activePatients
      }
      reengagement(asOf: $asOf) @include(if: $reengagement) {
        currentlyDormant
      }
    }
  }
`),_e=class{currency;timeZone;counts;amounts;percents;changes;scores;decimals;instants;days;shortDays;localDays;compactCounts;compactAmounts;constructor(e,t,n){this.currency=e,this.timeZone=t,this.counts=new Intl.NumberFormat(n,{maximumFractionDigits:0}),this.amounts=new Intl.NumberFormat(n,{style:`currency`,currency:e}),this.percents=new Intl.NumberFormat(n,{style:`unit`,unit:`percent`,maximumFractionDigits:1}),this.changes=new Intl.NumberFormat(n,{style:`unit`,unit:`percent`,maximumFractionDigits:1,signDisplay:`exceptZero`}),this.scores=new Intl.NumberFormat(n,{maximumFractionDigits:1}),this.decimals=new Intl.NumberFormat(n,{minimumFractionDigits:2,maximumFractionDigits:2}),this.instants=new Intl.DateTimeFormat(n,{dateStyle:`medium`,timeStyle:`short`,timeZone:t}),this.days=new Intl.DateTimeFormat(n,{dateStyle:`medium`,timeZone:`UTC`}),this.shortDays=new Intl.DateTimeFormat(n,{day:`numeric`,month:`short`,timeZone:`UTC`}),this.localDays=new Intl.DateTimeFormat(n,{dateStyle:`medium`,timeZone:t}),this.compactCounts=new Intl.NumberFormat(n,{notation:`compact`,maximumFractionDigits:1}),this.compactAmounts=new Intl.NumberFormat(n,{style:`currency`,currency:e,notation:`compact`})}figure(e,t){if(t==null)return`—`;switch(e){case`count`:return this.counts.format(Number(t));case`money`:return this.amounts.format(Number(t));case`percent`:return this.percents.format(Number(t));case`change`:return this.changes.format(Number(t));case`score`:return this.scores.format(Number(t));case`decimal`:return this.decimals.format(Number(t));case`datetime`:return this.instants.format(new Date(String(t)))}}tick(e,t){return e===`money`?this.compactAmounts.format(t):e===`percent`?this.percents.format(t):this.compactCounts.format(t)}instant(e){return this.instants.format(new Date(e))}day(e,t=!1){return(t?this.shortDays:this.days).format(ve(e))}span(e,t){let n=new Date(new Date(t).getTime()-1);return this.localDays.formatRange(new Date(e),n)}};function ve(e){let[t,n,r]=e.split(`-`).map(Number);return new Date(Date.UTC(t,n-1,r))}function ye(e,t){if(e==null||t==null||t===0)return null;let n=(e-t)*1e3/t;return Math.sign(n)*Math.round(Math.abs(n))/10}function be(e,t=`up`){let n=e===null?`none`:e>0?`up`:e<0?`down`:`flat`;return{direction:n,tone:n===`up`||n===`down`?n===t?`good`:`bad`:`neutral`}}var xe={bookingMetrics:`BOOKING_METRICS`,patientMetrics:`PATIENT_METRICS`,financialMetrics:`FINANCIAL_METRICS`,automationMetrics:`AUTOMATION_METRICS`,visitOutcomes:`VISIT_OUTCOMES`,retention:`RETENTION`,breakdown:`BREAKDOWN`,summary:`SUMMARY`,reengagement:`REENGAGEMENT`,charts:`CHARTS`,upcomingAppointments:`UPCOMING_APPOINTMENTS`},Se=[`BOOKING_METRICS`,`PATIENT_METRICS`,`FINANCIAL_METRICS`,`AUTOMATION_METRICS`,`VISIT_OUTCOMES`,`RETENTION`,`BREAKDOWN`,`CHARTS`];function L(e){let t={};for(let[n,r]of Object.entries(xe))t[n]=e===`all`||e.includes(r);return t}var R=[[`LAST_7_DAYS`,`Last 7 days`],[`LAST_30_DAYS`,`Last 30 days`],[`LAST_90_DAYS`,`Last 90 days`],[`LAST_365_DAYS`,`Last 365 days`]],Ce=[[`TODAY`,`Today`],[`YESTERDAY`,`Yesterday`],[`WEEK_TO_DATE`,`This week so far`],[`LAST_WEEK`,`Last week`],[`MONTH_TO_DATE`,`This month so far`],[`LAST_MONTH`,`Last month`],[`QUARTER_TO_DATE`,`This quarter so far`],[`LAST_QUARTER`,`Last quarter`],[`YEAR_TO_DATE`,`This year so far`],[`LAST_YEAR`,`Last year`]],we=`RANGE`,Te=`LAST_30_DAYS`,Ee=[...R.map(([e,t])=>({value:e,label:t,group:`Rolling`})),...Ce.map(([e,t])=>({value:e,label:t,group:`Calendar`})),{value:we,label:`Date range…`,group:`Custom`}],De=[[`PREVIOUS_PERIOD`,`Previous period`],[`SAME_PERIOD_LAST_YEAR`,`Same period last year`]];function Oe(e){return e.value===`RANGE`&&e.range?{range:e.range}:R.some(([t])=>t===e.value)?{last:e.value}:Ce.some(([t])=>t===e.value)?{period:e.value}:{last:Te}}function ke(e){return Ee.some(t=>t.value===e)}function Ae(e){let t=je(e);return t<=62?`DAY`:t<=200?`WEEK`:`MONTH`}function je(e){switch(e.value){case`LAST_7_DAYS`:return 7;case`LAST_30_DAYS`:return 30;case`LAST_90_DAYS`:return 90;case`LAST_365_DAYS`:return 365;case`QUARTER_TO_DATE`:case`LAST_QUARTER`:return 92;case`YEAR_TO_DATE`:case`LAST_YEAR`:return 366;case we:return e.range?Me(e.range.from,e.range.to)+1:30;default:return 31}}function Me(e,t){return Math.round((Date.parse(`${t}T00:00:00Z`)-Date.parse(`${e}T00:00:00Z`))/864e5)}function Ne(e,t,n){let r=Oe(e);if(`last`in r&&r.last)return{window:r,asOf:t.end};let i=Pe(t.start,n),a=Pe(t.end,n);if(i.midnight&&a.midnight){let e=Pe(new Date(Date.parse(t.end)-1).toISOString(),n).day;return{window:{range:{from:i.day,to:e}},asOf:t.end}}return{window:r,asOf:t.end}}function Pe(e,t){let n=new Intl.DateTimeFormat(`en-GB`,{timeZone:t,year:`numeric`,month:`2-digit`,day:`2-digit`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`,hourCycle:`h23`}).formatToParts(new Date(e)),r=e=>n.find(t=>t.type===e)?.value??`00`,i=`${r(`hour`)}:${r(`minute`)}:${r(`second`)}`,a=new Date(e).getUTCMilliseconds();return{day:`${r(`year`)}-${r(`month`)}-${r(`day`)}`,midnight:i===`00:00:00`&&a===0}}function Fe(e){return Pe(new Date().toISOString(),e).day}var Ie=[[`PRACTITIONER`,`Practitioner`,`practitioner`],[`APPOINTMENT_TYPE`,`Appointment type`,`appointment type`],[`SOURCE`,`Booked by`,`how it was booked`]],Le=[{field:`appointments`,label:`Appointments`,format:`count`},{field:`attended`,label:`Attended`,format:`count`},{field:`noShows`,label:`No-shows`,format:`count`},{field:`noShowRate`,label:`No-show rate`,format:`percent`,whenNull:`no visit attended or missed`},{field:`cancellations`,label:`Cancellations`,format:`count`},{field:`revenue`,label:`Revenue`,format:`money`},{field:`patientsSeen`,label:`Patients seen`,format:`count`},{field:`rebookingRate`,label:`Rebook rate`,format:`percent`,whenNull:`no visit attended`},{field:`bookings`,label:`New bookings`,format:`count`}],Re=class{element=v(`section`,{class:`breakdown`,"aria-labelledby":`breakdown-title`});by=`PRACTITIONER`;body=v(`div`,{class:`breakdown-body`});constructor(e){let t=v(`select`,{id:`breakdown-by`,"data-control":`breakdown`},...Ie.map(([e,t])=>v(`option`,{value:e,selected:e===this.by},t)));t.addEventListener(`change`,()=>{this.by=t.value,this.status(`Loading the breakdown…`),e()}),x(this.element,v(`h2`,{id:`breakdown-title`,class:`section-title`},`Breakdown`),v(`div`,{class:`field`},v(`label`,{for:`breakdown-by`},`Break down by`),t),this.body)}render(e,t,n){if(!e||e.by!==this.by){this.status(e===null?t[0]?.message??`Not available`:`Loading the breakdown…`);return}let[,r,i]=Ie.find(([t])=>t===e.by),a=new Map(Le.filter(t=>e.rows.some(e=>e[t.field]===null)).map(e=>[e.field,C(`note`)])),o=`Appointments starting in the window by ${i}, highest revenue first`;x(this.body,v(`p`,{class:`span`,"aria-hidden":`true`},o),v(`div`,{class:`table-scroll`,tabindex:`0`,role:`region`,"aria-label":`Breakdown table`},v(`table`,{"data-by":e.by},v(`caption`,{class:`visually-hidden`},o),v(`thead`,null,v(`tr`,null,v(`th`,{scope:`col`},r),...Le.map(e=>v(`th`,{scope:`col`},e.label)))),v(`tbody`,null,...e.rows.length?e.rows.map(e=>this.row(e,a,n)):[v(`tr`,null,v(`td`,{colspan:Le.length+1},`No appointments in the window.`))]))),a.size?v(`ul`,{class:`notes`},...Le.filter(e=>a.has(e.field)).map(e=>v(`li`,{id:a.get(e.field)},`— in ${e.label}: ${e.whenNull??`not available`}`))):null)}row(e,t,n){let r=e.key??``;return v(`tr`,{"data-key":r},v(`th`,{scope:`row`},e.label),...Le.map(i=>{let a=e[i.field];return v(`td`,{"data-metric":`breakdown.${i.field}`,"data-key":r,"aria-describedby":a===null?t.get(i.field):null},n.figure(i.format,a))}))}status(e){x(this.body,v(`p`,{class:`problem`,role:`status`},e))}};function ze(e,t,n){let r=C(`card`),i=t.errors.find(e=>e.path?.length===2),a=e.change?.from===`field`?e.change.field:null,o=e.figures.filter(e=>e.field!==a);return v(`section`,{class:`card`,"aria-labelledby":r,"data-card":e.key},v(`h2`,{id:r},e.title),e.span?v(`p`,{class:`span`},e.span):null,v(`p`,{class:`headline`},v(`span`,{class:`label`},e.headline.label),Be(e,e.headline,t,n,`value big`)),He(e,t,n),o.length?v(`dl`,null,...o.map(r=>v(`div`,null,v(`dt`,null,r.label),v(`dd`,null,Be(e,r,t,n,`value`))))):null,i?v(`p`,{class:`problem`,role:`status`},i.message):null)}function Be(e,t,n,r,i){let a=n.data?.[t.field],o=r.figure(t.format,a),s=v(`span`,{class:i,"data-metric":`${e.key}.${t.field}`},o);if(o!==`—`)return s;let c=Ve(t,n),l=C(`reason`);return s.setAttribute(`aria-describedby`,l),v(`span`,{class:`missing`},s,v(`span`,{class:`reason`,id:l},c))}function Ve(e,t){let n=t.errors.find(t=>t.path?.[2]===e.field);return n?n.message:t.errors.find(e=>e.path?.length===2)?`Not available`:t.data===void 0?`Loading`:e.whenNull??`Not available`}function He(e,t,n){if(!e.change||!t.data)return null;let r,i;e.change.from===`field`?(r=t.data[e.change.field]??null,i=v(`span`,{"data-metric":`${e.key}.${e.change.field}`},n.figure(`change`,r))):(r=ye(t.data[e.headline.field],t.compared),i=v(`span`,{"data-change":e.key},n.figure(`change`,r)));let{direction:a,tone:o}=be(r,e.change.better),s={up:`▲`,down:`▼`,flat:`▶`,none:``}[a],c={up:`Up`,down:`Down`,flat:`No change`,none:`No comparison`}[a],l={good:`, good news`,bad:`, bad news`,neutral:``}[o],u=e.figures.find(t=>e.change?.from===`field`&&t.field===e.change.field);return v(`p`,{class:`change ${a} ${o}`},s?v(`span`,{"aria-hidden":`true`},s,` `):null,v(`span`,{class:`visually-hidden`},`${c}${l}: `),i,t.comparedWith?` vs ${t.comparedWith}`:null,r===null&&u?.whenNull?v(`span`,{class:`reason`},u.whenNull):null)}var Ue=!0,We=`uplot`,Ge=`u-hz`,Ke=`u-vt`,qe=`u-title`,Je=`u-wrap`,Ye=`u-under`,Xe=`u-over`,Ze=`u-axis`,Qe=`u-off`,$e=`u-select`,et=`u-cursor-x`,tt=`u-cursor-y`,nt=`u-cursor-pt`,rt=`u-legend`,it=`u-live`,at=`u-inline`,ot=`u-series`,st=`u-marker`,ct=`u-label`,lt=`u-value`,ut=`width`,dt=`height`,ft=`top`,pt=`bottom`,mt=`left`,ht=`right`,gt=`#000`,_t=`#0000`,vt=`mousemove`,yt=`mousedown`,bt=`mouseup`,xt=`mouseenter`,St=`mouseleave`,Ct=`dblclick`,wt=`resize`,Tt=`scroll`,Et=`change`,Dt=`dppxchange`,Ot=`--`,kt=typeof window<`u`,At=kt?document:null,jt=kt?window:null,Mt=kt?navigator:null,z,Nt;function Pt(){let e=devicePixelRatio;z!=e&&(z=e,Nt&&Jt(Et,Nt,Pt),Nt=matchMedia(`(min-resolution: ${z-.001}dppx) and (max-resolution: ${z+.001}dppx)`),qt(Et,Nt,Pt),jt.dispatchEvent(new CustomEvent(Dt)))}function Ft(e,t){if(t!=null){let n=e.classList;!n.contains(t)&&n.add(t)}}function It(e,t){let n=e.classList;n.contains(t)&&n.remove(t)}function B(e,t,n){e.style[t]=n+`px`}function Lt(e,t,n,r){let i=At.createElement(e);return t!=null&&Ft(i,t),n?.insertBefore(i,r),i}function Rt(e,t){return Lt(`div`,e,t)}var zt=new WeakMap;function Bt(e,t,n,r,i){let a=`translate(`+t+`px,`+n+`px)`;a!=zt.get(e)&&(e.style.transform=a,zt.set(e,a),t<0||n<0||t>r||n>i?Ft(e,Qe):It(e,Qe))}var Vt=new WeakMap;function Ht(e,t,n){let r=t+n;r!=Vt.get(e)&&(Vt.set(e,r),e.style.background=t,e.style.borderColor=n)}var Ut=new WeakMap;function Wt(e,t,n,r){let i=t+``+n;i!=Ut.get(e)&&(Ut.set(e,i),e.style.height=n+`px`,e.style.width=t+`px`,e.style.marginLeft=r?-t/2+`px`:0,e.style.marginTop=r?-n/2+`px`:0)}var Gt={passive:!0},Kt={...Gt,capture:!0};function qt(e,t,n,r){t.addEventListener(e,n,r?Kt:Gt)}function Jt(e,t,n,r){t.removeEventListener(e,n,Gt)}kt&&Pt();function Yt(e,t,n,r){let i;n||=0,r||=t.length-1;let a=r<=2147483647;for(;r-n>1;)i=a?n+r>>1:hn((n+r)/2),t[i]<e?n=i:r=i;return e-t[n]<=t[r]-e?n:r}function Xt(e){return(t,n,r)=>{let i=-1,a=-1;for(let a=n;a<=r;a++)if(e(t[a])){i=a;break}for(let i=r;i>=n;i--)if(e(t[i])){a=i;break}return[i,a]}}var Zt=e=>e!=null,Qt=e=>e!=null&&e>0,$t=Xt(Zt),en=Xt(Qt);function tn(e,t,n,r=0,i=!1){let a=i?en:$t,o=i?Qt:Zt;[t,n]=a(e,t,n);let s=e[t],c=e[t];if(t>-1){if(r==1)s=e[t],c=e[n];else if(r==-1)s=e[n],c=e[t];else for(let r=t;r<=n;r++){let t=e[r];o(t)&&(t<s?s=t:t>c&&(c=t))}}return[s??W,c??-W]}function nn(e,t,n,r){let i=xn(e),a=xn(t);e==t&&(i==-1?(e*=n,t/=n):(e/=n,t*=n));let o=n==10?Sn:Cn,s=i==1?hn:_n,c=a==1?_n:hn,l=s(o(mn(e))),u=c(o(mn(t))),d=bn(n,l),f=bn(n,u);return n==10&&(l<0&&(d=K(d,-l)),u<0&&(f=K(f,-u))),r||n==2?(e=d*i,t=f*a):(e=zn(e,d),t=Rn(t,f)),[e,t]}function rn(e,t,n,r){let i=nn(e,t,n,r);return e==0&&(i[0]=0),t==0&&(i[1]=0),i}var an=.1,on={mode:3,pad:an},V={pad:0,soft:null,mode:0},sn={min:V,max:V};function cn(e,t,n,r){return Xn(n)?U(e,t,n):(V.pad=n,V.soft=r?0:null,V.mode=r?3:0,U(e,t,sn))}function H(e,t){return e??t}function ln(e,t,n){for(t=H(t,0),n=H(n,e.length-1);t<=n;){if(e[t]!=null)return!0;t++}return!1}function U(e,t,n){let r=n.min,i=n.max,a=H(r.pad,0),o=H(i.pad,0),s=H(r.hard,-W),c=H(i.hard,W),l=H(r.soft,W),u=H(i.soft,-W),d=H(r.mode,0),f=H(i.mode,0),p=t-e,m=Sn(p),h=yn(mn(e),mn(t)),g=mn(Sn(h)-m);(p<1e-24||g>10)&&(p=0,(e==0||t==0)&&(p=1e-24,d==2&&l!=W&&(a=0),f==2&&u!=-W&&(o=0)));let _=p||h||1e3,v=bn(10,hn(Sn(_))),y=K(zn(e-_*(p==0?e==0?.1:1:a),v/10),24),b=e>=l&&(d==1||d==3&&y<=l||d==2&&y>=l)?l:W,x=yn(s,y<b&&e>=b?b:vn(b,y)),S=K(Rn(t+_*(p==0?t==0?.1:1:o),v/10),24),C=t<=u&&(f==1||f==3&&S>=u||f==2&&S<=u)?u:-W,w=vn(c,S>C&&t<=C?C:yn(C,S));return x==w&&x==0&&(w=100),[x,w]}var un=new Intl.NumberFormat(kt?Mt.language:`en-US`),dn=e=>un.format(e),fn=Math,pn=fn.PI,mn=fn.abs,hn=fn.floor,gn=fn.round,_n=fn.ceil,vn=fn.min,yn=fn.max,bn=fn.pow,xn=fn.sign,Sn=fn.log10,Cn=fn.log2,wn=(e,t=1)=>fn.sinh(e)*t,Tn=(e,t=1)=>fn.asinh(e/t),W=1/0;function En(e){return(Sn((e^e>>31)-(e>>31))|0)+1}function Dn(e,t,n){return vn(yn(e,t),n)}function On(e){return typeof e==`function`}function G(e){return On(e)?e:()=>e}var kn=()=>{},An=e=>e,jn=(e,t)=>t,Mn=e=>null,Nn=e=>!0,Pn=(e,t)=>e==t,Fn=/\.\d*?(?=9{6,}|0{6,})/gm,In=e=>{if(qn(e)||Bn.has(e))return e;let t=`${e}`,n=t.match(Fn);if(n==null)return e;let r=n[0].length-1;if(t.indexOf(`e-`)!=-1){let[e,n]=t.split(`e`);return+`${In(e)}e${n}`}return K(e,r)};function Ln(e,t){return In(K(In(e/t))*t)}function Rn(e,t){return In(_n(In(e/t))*t)}function zn(e,t){return In(hn(In(e/t))*t)}function K(e,t=0){if(qn(e))return e;let n=10**t;return gn(e*n*(1+2**-52))/n}var Bn=new Map;function Vn(e){return((``+e).split(`.`)[1]||``).length}function Hn(e,t,n,r){let i=[],a=r.map(Vn);for(let o=t;o<n;o++){let t=mn(o),n=K(bn(e,o),t);for(let s=0;s<r.length;s++){let c=e==10?+`${r[s]}e${o}`:r[s]*n,l=(o>=0?0:t)+(o>=a[s]?0:a[s]),u=e==10?c:K(c,l);i.push(u),Bn.set(u,l)}}return i}var Un={},Wn=[],Gn=[null,null],Kn=Array.isArray,qn=Number.isInteger,Jn=e=>e===void 0;function Yn(e){return typeof e==`string`}function Xn(e){let t=!1;if(e!=null){let n=e.constructor;t=n==null||n==Object}return t}function Zn(e){return typeof e==`object`&&!!e}var Qn=Object.getPrototypeOf(Uint8Array),$n=`__proto__`;function er(e,t=Xn){let n;if(Kn(e)){let r=e.find(e=>e!=null);if(Kn(r)||t(r)){n=Array(e.length);for(let r=0;r<e.length;r++)n[r]=er(e[r],t)}else n=e.slice()}else if(e instanceof Qn)n=e.slice();else if(t(e)){n={};for(let r in e)r!=$n&&(n[r]=er(e[r],t))}else n=e;return n}function q(e){let t=arguments;for(let n=1;n<t.length;n++){let r=t[n];for(let t in r)t!=$n&&(Xn(e[t])?q(e[t],er(r[t])):e[t]=er(r[t]))}return e}var tr=0,nr=1,rr=2;function ir(e,t,n){for(let r=0,i,a=-1;r<t.length;r++){let o=t[r];if(o>a){for(i=o-1;i>=0&&e[i]==null;)e[i--]=null;for(i=o+1;i<n&&e[i]==null;)e[a=i++]=null}}}function ar(e,t){if(cr(e)){let t=e[0].slice();for(let n=1;n<e.length;n++)t.push(...e[n].slice(1));return lr(t[0])||(t=sr(t)),t}let n=new Set;for(let t=0;t<e.length;t++){let r=e[t][0],i=r.length;for(let e=0;e<i;e++)n.add(r[e])}let r=[Array.from(n).sort((e,t)=>e-t)],i=r[0].length,a=new Map;for(let e=0;e<i;e++)a.set(r[0][e],e);for(let n=0;n<e.length;n++){let o=e[n],s=o[0];for(let e=1;e<o.length;e++){let c=o[e],l=Array(i).fill(void 0),u=t?t[n][e]:nr,d=[];for(let e=0;e<c.length;e++){let t=c[e],n=a.get(s[e]);t===null?u!=tr&&(l[n]=t,u==rr&&d.push(n)):l[n]=t}ir(l,d,i),r.push(l)}}return r}var or=typeof queueMicrotask>`u`?e=>Promise.resolve().then(e):queueMicrotask;function sr(e){let t=e[0],n=t.length,r=Array(n);for(let e=0;e<r.length;e++)r[e]=e;r.sort((e,n)=>t[e]-t[n]);let i=[];for(let t=0;t<e.length;t++){let a=e[t],o=Array(n);for(let e=0;e<n;e++)o[e]=a[r[e]];i.push(o)}return i}function cr(e){let t=e[0][0],n=t.length;for(let r=1;r<e.length;r++){let i=e[r][0];if(i.length!=n)return!1;if(i!=t){for(let e=0;e<n;e++)if(i[e]!=t[e])return!1}}return!0}function lr(e,t=100){let n=e.length;if(n<=1)return!0;let r=0,i=n-1;for(;r<=i&&e[r]==null;)r++;for(;i>=r&&e[i]==null;)i--;if(i<=r)return!0;let a=yn(1,hn((i-r+1)/t));for(let t=e[r],n=r+a;n<=i;n+=a){let r=e[n];if(r!=null){if(r<=t)return!1;t=r}}return!0}var ur=[`January`,`February`,`March`,`April`,`May`,`June`,`July`,`August`,`September`,`October`,`November`,`December`],dr=[`Sunday`,`Monday`,`Tuesday`,`Wednesday`,`Thursday`,`Friday`,`Saturday`];function fr(e){return e.slice(0,3)}var pr=dr.map(fr),mr={MMMM:ur,MMM:ur.map(fr),WWWW:dr,WWW:pr};function hr(e){return(e<10?`0`:``)+e}function gr(e){return(e<10?`00`:e<100?`0`:``)+e}var _r={YYYY:e=>e.getFullYear(),YY:e=>(e.getFullYear()+``).slice(2),MMMM:(e,t)=>t.MMMM[e.getMonth()],MMM:(e,t)=>t.MMM[e.getMonth()],MM:e=>hr(e.getMonth()+1),M:e=>e.getMonth()+1,DD:e=>hr(e.getDate()),D:e=>e.getDate(),WWWW:(e,t)=>t.WWWW[e.getDay()],WWW:(e,t)=>t.WWW[e.getDay()],HH:e=>hr(e.getHours()),H:e=>e.getHours(),h:e=>{let t=e.getHours();return t==0?12:t>12?t-12:t},AA:e=>e.getHours()>=12?`PM`:`AM`,aa:e=>e.getHours()>=12?`pm`:`am`,a:e=>e.getHours()>=12?`p`:`a`,mm:e=>hr(e.getMinutes()),m:e=>e.getMinutes(),ss:e=>hr(e.getSeconds()),s:e=>e.getSeconds(),fff:e=>gr(e.getMilliseconds())};function vr(e,t){t||=mr;let n=[],r=/\{([a-z]+)\}|[^{]+/gi,i;for(;i=r.exec(e);)n.push(i[0][0]==`{`?_r[i[1]]:i[0]);return e=>{let r=``;for(let i=0;i<n.length;i++)r+=typeof n[i]==`string`?n[i]:n[i](e,t);return r}}var yr=new Intl.DateTimeFormat().resolvedOptions().timeZone;function br(e,t){let n;return t==`UTC`||t==`Etc/UTC`?n=new Date(+e+e.getTimezoneOffset()*6e4):t==yr?n=e:(n=new Date(e.toLocaleString(`en-US`,{timeZone:t})),n.setMilliseconds(e.getMilliseconds())),n}var xr=e=>e%1==0,Sr=[1,2,2.5,5],Cr=Hn(10,-32,0,Sr),wr=Hn(10,0,32,Sr),Tr=wr.filter(xr),Er=Cr.concat(wr),Dr=`
`,Or=`{YYYY}`,kr=Dr+Or,Ar=`{M}/{D}`,jr=Dr+Ar,Mr=jr+`/{YY}`,Nr=`{aa}`,Pr=`{h}:{mm}`+Nr,Fr=Dr+Pr,Ir=`:{ss}`,J=null;function Lr(e){let t=e*1e3,n=t*60,r=n*60,i=r*24,a=i*30,o=i*365,s=(e==1?Hn(10,0,3,Sr).filter(xr):Hn(10,-3,0,Sr)).concat([t,t*5,t*10,t*15,t*30,n,n*5,n*10,n*15,n*30,r,r*2,r*3,r*4,r*6,r*8,r*12,i,i*2,i*3,i*4,i*5,i*6,i*7,i*8,i*9,i*10,i*15,a,a*2,a*3,a*4,a*6,o,o*2,o*5,o*10,o*25,o*50,o*100]),c=[[o,Or,J,J,J,J,J,J,1],[i*28,`{MMM}`,kr,J,J,J,J,J,1],[i,Ar,kr,J,J,J,J,J,1],[r,`{h}`+Nr,Mr,J,jr,J,J,J,1],[n,Pr,Mr,J,jr,J,J,J,1],[t,Ir,Mr+` `+Pr,J,jr+` `+Pr,J,Fr,J,1],[e,Ir+`.{fff}`,Mr+` `+Pr,J,jr+` `+Pr,J,Fr,J,1]];function l(t){return(s,c,l,u,d,f)=>{let p=[],m=d>=o,h=d>=a&&d<o,g=t(l),_=K(g*e,3),v=qr(g.getFullYear(),m?0:g.getMonth(),h||m?1:g.getDate()),y=K(v*e,3);if(h||m){let n=h?d/a:0,r=m?d/o:0,i=_==y?_:K(qr(v.getFullYear()+r,v.getMonth()+n,1)*e,3),s=new Date(gn(i/e)),c=s.getFullYear(),l=s.getMonth();for(let a=0;i<=u;a++){let o=qr(c+r*a,l+n*a,1),s=o-t(K(o*e,3));i=K((+o+s)*e,3),i<=u&&p.push(i)}}else{let a=d>=i?i:d,o=y+(hn(l)-hn(_))+Rn(_-y,a);p.push(o);let m=t(o),h=m.getHours()+m.getMinutes()/n+m.getSeconds()/r,g=d/r,v=f/s.axes[c]._space;for(;o=K(o+d,e==1?0:3),!(o>u);)if(g>1){let e=hn(K(h+g,6))%24,n=t(o).getHours()-e;n>1&&(n=-1),o-=n*r,h=(h+g)%24;let i=p[p.length-1];K((o-i)/d,3)*v>=.7&&p.push(o)}else p.push(o)}return p}}return[s,c,l]}var[Rr,zr,Br]=Lr(1),[Vr,Hr,Ur]=Lr(.001);Hn(2,-53,53,[1]);function Wr(e,t){return e.map(e=>e.map((n,r)=>r==0||r==8||n==null?n:t(r==1||e[8]==0?n:e[1]+n)))}function Gr(e,t){return(n,r,i,a,o)=>{let s=t.find(e=>o>=e[0])||t[t.length-1],c,l,u,d,f,p;return r.map(t=>{let n=e(t),r=n.getFullYear(),i=n.getMonth(),a=n.getDate(),o=n.getHours(),m=n.getMinutes(),h=n.getSeconds(),g=r!=c&&s[2]||i!=l&&s[3]||a!=u&&s[4]||o!=d&&s[5]||m!=f&&s[6]||h!=p&&s[7]||s[1];return c=r,l=i,u=a,d=o,f=m,p=h,g(n)})}}function Kr(e,t){let n=vr(t);return(t,r,i,a,o)=>r.map(t=>n(e(t)))}function qr(e,t,n){return new Date(e,t,n)}function Jr(e,t){return t(e)}var Yr=`{YYYY}-{MM}-{DD} {h}:{mm}{aa}`;function Xr(e,t){return(n,r,i,a)=>a==null?Ot:t(e(r))}function Y(e,t){let n=e.series[t];return n.width?n.stroke(e,t):n.points.width?n.points.stroke(e,t):null}function X(e,t){return e.series[t].fill(e,t)}var Zr={show:!0,live:!0,isolate:!1,mount:kn,markers:{show:!0,width:2,stroke:Y,fill:X,dash:`solid`},idx:null,idxs:null,values:[]};function Qr(e,t){let n=e.cursor.points,r=Rt(),i=n.size(e,t);B(r,ut,i),B(r,dt,i);let a=i/-2;B(r,`marginLeft`,a),B(r,`marginTop`,a);let o=n.width(e,t,i);return o&&B(r,`borderWidth`,o),r}function $r(e,t){let n=e.series[t].points;return n._fill||n._stroke}function ei(e,t){let n=e.series[t].points;return n._stroke||n._fill}function ti(e,t){return e.series[t].points.size}var Z=[0,0];function ni(e,t,n){return Z[0]=t,Z[1]=n,Z}function ri(e,t,n,r=!0){return e=>{e.button!=0||r&&e.target!=t||n(e)}}function ii(e,t,n,r=!0){return e=>{r&&e.target!=t||n(e)}}var ai={show:!0,x:!0,y:!0,lock:!1,move:ni,points:{one:!1,show:Qr,size:ti,width:0,stroke:ei,fill:$r},bind:{mousedown:ri,mouseup:ri,click:ri,dblclick:ri,mousemove:ii,mouseleave:ii,mouseenter:ii},drag:{setScale:!0,x:!0,y:!1,dist:0,uni:null,click:(e,t)=>{t.stopPropagation(),t.stopImmediatePropagation()},_x:!1,_y:!1},focus:{dist:(e,t,n,r,i)=>r-i,prox:-1,bias:0},hover:{skip:[void 0],prox:null,bias:0},left:-10,top:-10,idx:null,dataIdx:null,idxs:null,event:null},oi={show:!0,stroke:`rgba(0,0,0,0.07)`,width:2},si=q({},oi,{filter:jn}),ci=q({},si,{size:10}),li=q({},oi,{show:!1}),ui=`12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"`,di=`bold `+ui,fi=1.5,pi={show:!0,scale:`x`,stroke:gt,space:50,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:di,side:2,grid:si,ticks:ci,border:li,font:ui,lineGap:fi,rotate:0},mi=`Value`,hi=`Time`,gi={show:!0,scale:`x`,auto:!1,sorted:1,min:W,max:-1/0,idxs:[]};function _i(e,t,n,r,i){return t.map(e=>e==null?``:dn(e))}function vi(e,t,n,r,i,a,o){let s=[],c=Bn.get(i)||0;n=o?n:K(Rn(n,i),c);for(let e=n;e<=r;e=K(e+i,c))s.push(Object.is(e,-0)?0:e);return s}function yi(e,t,n,r,i,a,o){let s=[],c=e.scales[e.axes[t].scale].log;i=bn(c,hn((c==10?Sn:Cn)(n))),c==10&&(i=Er[Yt(i,Er)]);let l=n,u=i*c;c==10&&(u=Er[Yt(u,Er)]);do s.push(l),l+=i,c==10&&!Bn.has(l)&&(l=K(l,Bn.get(i))),l>=u&&(i=l,u=i*c,c==10&&(u=Er[Yt(u,Er)]));while(l<=r);return s}function bi(e,t,n,r,i,a,o){let s=e.scales[e.axes[t].scale].asinh,c=r>s?yi(e,t,yn(s,n),r,i):[s],l=r>=0&&n<=0?[0]:[];return(n<-s?yi(e,t,yn(s,-r),-n,i):[s]).reverse().map(e=>-e).concat(l,c)}var xi=/./,Si=/[12357]/,Ci=/[125]/,wi=/1/,Ti=(e,t,n,r)=>e.map((e,i)=>t==4&&e==0||i%r==0&&n.test(e.toExponential()[+(e<0)])?e:null);function Ei(e,t,n,r,i){let a=e.axes[n],o=a.scale,s=e.scales[o],c=e.valToPos,l=a._space,u=c(10,o),d=c(9,o)-u>=l?xi:c(7,o)-u>=l?Si:c(5,o)-u>=l?Ci:wi;if(d==wi){let e=mn(c(1,o)-u);if(e<l)return Ti(t.slice().reverse(),s.distr,d,_n(l/e)).reverse()}return Ti(t,s.distr,d,1)}function Di(e,t,n,r,i){let a=e.axes[n],o=a.scale,s=a._space,c=e.valToPos,l=mn(c(1,o)-c(2,o));return l<s?Ti(t.slice().reverse(),3,xi,_n(s/l)).reverse():t}function Oi(e,t,n,r){return r==null?Ot:t==null?``:dn(t)}var ki={show:!0,scale:`y`,stroke:gt,space:30,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:di,side:3,grid:si,ticks:ci,border:li,font:ui,lineGap:fi,rotate:0};function Ai(e,t){return K((3+(e||1)*2)*t,3)}function ji(e,t){let{scale:n,idxs:r}=e.series[0],i=e._data[0],a=e.valToPos(i[r[0]],n,!0),o=mn(e.valToPos(i[r[1]],n,!0)-a)/(e.series[t].points.space*z);return r[1]-r[0]<=o}var Mi={scale:null,auto:!0,sorted:0,min:W,max:-1/0},Ni=(e,t,n,r,i)=>i,Pi={show:!0,auto:!0,sorted:0,gaps:Ni,alpha:1,facets:[q({},Mi,{scale:`x`}),q({},Mi,{scale:`y`})]},Fi={scale:`y`,auto:!0,sorted:0,show:!0,spanGaps:!1,gaps:Ni,alpha:1,points:{show:ji,filter:null},values:null,min:W,max:-1/0,idxs:[],path:null,clip:null};function Ii(e,t,n,r,i){return n/10}var Li={time:Ue,auto:!0,distr:1,log:10,asinh:1,min:null,max:null,dir:1,ori:0},Ri=q({},Li,{time:!1,ori:1}),zi={};function Bi(e,t){let n=zi[e];return n||(n={key:e,plots:[],sub(e){n.plots.push(e)},unsub(e){n.plots=n.plots.filter(t=>t!=e)},pub(e,t,r,i,a,o,s){for(let c=0;c<n.plots.length;c++)n.plots[c]!=t&&n.plots[c].pub(e,t,r,i,a,o,s)}},e!=null&&(zi[e]=n)),n}var Vi=1,Hi=2;function Ui(e,t,n){let r=e.mode,i=e.series[t],a=r==2?e._data[t]:e._data,o=e.scales,s=e.bbox,c=a[0],l=r==2?a[1]:a[t],u=r==2?o[i.facets[0].scale]:o[e.series[0].scale],d=r==2?o[i.facets[1].scale]:o[i.scale],f=s.left,p=s.top,m=s.width,h=s.height,g=e.valToPosH,_=e.valToPosV;return u.ori==0?n(i,c,l,u,d,g,_,f,p,m,h,Qi,ea,na,ia,oa):n(i,c,l,u,d,_,g,p,f,h,m,$i,ta,ra,aa,sa)}function Wi(e,t){let n=0,r=0,i=H(e.bands,Wn);for(let e=0;e<i.length;e++){let a=i[e];a.series[0]==t?n=a.dir:a.series[1]==t&&(a.dir==1?r|=1:r|=2)}return[n,r==1?-1:r==2?1:r==3?2:0]}function Gi(e,t,n,r,i){let a=e.mode,o=e.series[t],s=a==2?o.facets[1].scale:o.scale,c=e.scales[s];return i==-1?c.min:i==1?c.max:c.distr==3?c.dir==1?c.min:c.max:0}function Ki(e,t,n,r,i,a){return Ui(e,t,(e,t,o,s,c,l,u,d,f,p,m)=>{let h=e.pxRound,g=s.dir*(s.ori==0?1:-1),_=s.ori==0?ea:ta,v,y;g==1?(v=n,y=r):(v=r,y=n);let b=h(l(t[v],s,p,d)),x=h(u(o[v],c,m,f)),S=h(l(t[y],s,p,d)),C=h(u(a==1?c.max:c.min,c,m,f)),w=new Path2D(i);return _(w,S,C),_(w,b,C),_(w,b,x),w})}function qi(e,t,n,r,i,a){let o=null;if(e.length>0){o=new Path2D;let s=t==0?na:ra,c=n;for(let t=0;t<e.length;t++){let n=e[t];if(n[1]>n[0]){let e=n[0]-c;e>0&&s(o,c,r,e,r+a),c=n[1]}}let l=n+i-c;l>0&&s(o,c,r-5,l,r+a+10)}return o}function Ji(e,t,n){let r=e[e.length-1];r&&r[0]==t?r[1]=n:e.push([t,n])}function Yi(e,t,n,r,i,a,o){let s=[],c=e.length;for(let l=i==1?n:r;l>=n&&l<=r;l+=i)if(t[l]===null){let u=l,d=l;if(i==1)for(;++l<=r&&t[l]===null;)d=l;else for(;--l>=n&&t[l]===null;)d=l;let f=a(e[u]),p=d==u?f:a(e[d]),m=u-i;f=o<=0&&m>=0&&m<c?a(e[m]):f;let h=d+i;p=o>=0&&h>=0&&h<c?a(e[h]):p,p>=f&&s.push([f,p])}return s}function Xi(e){return e==0?An:e==1?gn:t=>Ln(t,e)}function Zi(e){let t=e==0?Qi:$i,n=e==0?(e,t,n,r,i,a)=>{e.arcTo(t,n,r,i,a)}:(e,t,n,r,i,a)=>{e.arcTo(n,t,i,r,a)},r=e==0?(e,t,n,r,i)=>{e.rect(t,n,r,i)}:(e,t,n,r,i)=>{e.rect(n,t,i,r)};return(e,i,a,o,s,c=0,l=0)=>{c==0&&l==0?r(e,i,a,o,s):(c=vn(c,o/2,s/2),l=vn(l,o/2,s/2),t(e,i+c,a),n(e,i+o,a,i+o,a+s,c),n(e,i+o,a+s,i,a+s,l),n(e,i,a+s,i,a,l),n(e,i,a,i+o,a,c),e.closePath())}}var Qi=(e,t,n)=>{e.moveTo(t,n)},$i=(e,t,n)=>{e.moveTo(n,t)},ea=(e,t,n)=>{e.lineTo(t,n)},ta=(e,t,n)=>{e.lineTo(n,t)},na=Zi(0),ra=Zi(1),ia=(e,t,n,r,i,a)=>{e.arc(t,n,r,i,a)},aa=(e,t,n,r,i,a)=>{e.arc(n,t,r,i,a)},oa=(e,t,n,r,i,a,o)=>{e.bezierCurveTo(t,n,r,i,a,o)},sa=(e,t,n,r,i,a,o)=>{e.bezierCurveTo(n,t,i,r,o,a)};function ca(e){return(e,t,n,r,i)=>Ui(e,t,(t,a,o,s,c,l,u,d,f,p,m)=>{let{pxRound:h,points:g}=t,_,v;s.ori==0?(_=Qi,v=ia):(_=$i,v=aa);let y=K(g.width*z,3),b=(g.size-g.width)/2*z,x=K(b*2,3),S=new Path2D,C=new Path2D,{left:w,top:T,width:E,height:D}=e.bbox;na(C,w-x,T-x,E+x*2,D+x*2);let O=e=>{if(o[e]!=null){let t=h(l(a[e],s,p,d)),n=h(u(o[e],c,m,f));_(S,t+b,n),v(S,t,n,b,0,pn*2)}};if(i)i.forEach(O);else for(let e=n;e<=r;e++)O(e);return{stroke:y>0?S:null,fill:S,clip:C,flags:3}})}function la(e){return(t,n,r,i,a,o)=>{r!=i&&(a!=r&&o!=r&&e(t,n,r),a!=i&&o!=i&&e(t,n,i),e(t,n,o))}}var ua=la(ea),da=la(ta);function fa(e){let t=H(e?.alignGaps,0);return(e,n,r,i)=>Ui(e,n,(a,o,s,c,l,u,d,f,p,m,h)=>{[r,i]=$t(s,r,i);let g=a.pxRound,_=e=>g(u(e,c,m,f)),v=e=>g(d(e,l,h,p)),y,b;c.ori==0?(y=ea,b=ua):(y=ta,b=da);let x=c.dir*(c.ori==0?1:-1),S={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Vi},C=S.stroke,w=!1;if(i-r>=m*4){let t=t=>e.posToVal(t,c.key,!0),n=null,a=null,l,u,d,f=_(o[x==1?r:i]),p=_(o[r]),m=_(o[i]),h=t(x==1?p+1:m-1);for(let e=x==1?r:i;e>=r&&e<=i;e+=x){let r=o[e],i=(x==1?r<h:r>h)?f:_(r),c=s[e];i==f?c==null?c===null&&(w=!0):(u=c,n==null?(y(C,i,v(u)),l=n=a=u):u<n?n=u:u>a&&(a=u)):(n!=null&&b(C,f,v(n),v(a),v(l),v(u)),c==null?(n=a=null,c===null&&(w=!0)):(u=c,y(C,i,v(u)),n=a=l=u),f=i,h=t(f+x))}n!=null&&n!=a&&d!=f&&b(C,f,v(n),v(a),v(l),v(u))}else for(let e=x==1?r:i;e>=r&&e<=i;e+=x){let t=s[e];t===null?w=!0:t!=null&&y(C,_(o[e]),v(t))}let[T,E]=Wi(e,n);if(a.fill!=null||T!=0){let t=S.fill=new Path2D(C),s=v(a.fillTo(e,n,a.min,a.max,T)),c=_(o[r]),l=_(o[i]);x==-1&&([l,c]=[c,l]),y(t,l,s),y(t,c,s)}if(!a.spanGaps){let l=[];w&&l.push(...Yi(o,s,r,i,x,_,t)),S.gaps=l=a.gaps(e,n,r,i,l),S.clip=qi(l,c.ori,f,p,m,h)}return E!=0&&(S.band=E==2?[Ki(e,n,r,i,C,-1),Ki(e,n,r,i,C,1)]:Ki(e,n,r,i,C,E)),S})}function pa(e){let t=H(e.align,1),n=H(e.ascDesc,!1),r=H(e.alignGaps,0),i=H(e.extend,!1);return(e,a,o,s)=>Ui(e,a,(c,l,u,d,f,p,m,h,g,_,v)=>{[o,s]=$t(u,o,s);let y=c.pxRound,{left:b,width:x}=e.bbox,S=e=>y(p(e,d,_,h)),C=e=>y(m(e,f,v,g)),w=d.ori==0?ea:ta,T={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Vi},E=T.stroke,D=d.dir*(d.ori==0?1:-1),O=C(u[D==1?o:s]),k=S(l[D==1?o:s]),ee=k,A=k;i&&t==-1&&(A=b,w(E,A,O)),w(E,k,O);for(let e=D==1?o:s;e>=o&&e<=s;e+=D){let n=u[e];if(n==null)continue;let r=S(l[e]),i=C(n);t==1?w(E,r,O):w(E,ee,i),w(E,r,i),O=i,ee=r}let j=ee;i&&t==1&&(j=b+x,w(E,j,O));let[te,ne]=Wi(e,a);if(c.fill!=null||te!=0){let t=T.fill=new Path2D(E),n=C(c.fillTo(e,a,c.min,c.max,te));w(t,j,n),w(t,A,n)}if(!c.spanGaps){let i=[];i.push(...Yi(l,u,o,s,D,S,r));let f=c.width*z/2,p=n||t==1?f:-f,m=n||t==-1?-f:f;i.forEach(e=>{e[0]+=p,e[1]+=m}),T.gaps=i=c.gaps(e,a,o,s,i),T.clip=qi(i,d.ori,h,g,_,v)}return ne!=0&&(T.band=ne==2?[Ki(e,a,o,s,E,-1),Ki(e,a,o,s,E,1)]:Ki(e,a,o,s,E,ne)),T})}function ma(e,t,n,r,i,a,o=W){if(e.length>1){let s=null;for(let c=0,l=1/0;c<e.length;c++)if(t[c]!==void 0){if(s!=null){let t=mn(e[c]-e[s]);t<l&&(l=t,o=mn(n(e[c],r,i,a)-n(e[s],r,i,a)))}s=c}}return o}function Q(e){e||=Un;let t=H(e.size,[.6,W,1]),n=e.align||0,r=e.gap||0,i=e.radius;i=i==null?[0,0]:typeof i==`number`?[i,0]:i;let a=G(i),o=1-t[0],s=H(t[1],W),c=H(t[2],1),l=H(e.disp,Un),u=H(e.each,e=>{}),{fill:d,stroke:f}=l;return(e,t,i,p)=>Ui(e,t,(m,h,g,_,v,y,b,x,S,C,w)=>{let T=m.pxRound,E=n,D=r*z,O=s*z,k=c*z,ee,A;_.ori==0?[ee,A]=a(e,t):[A,ee]=a(e,t);let j=_.dir*(_.ori==0?1:-1),te=_.ori==0?na:ra,ne=_.ori==0?u:(e,t,n,r,i,a,o)=>{u(e,t,n,i,r,o,a)},re=H(e.bands,Wn).find(e=>e.series[0]==t),ie=re==null?0:re.dir,ae=m.fillTo(e,t,m.min,m.max,ie),M=T(b(ae,v,w,S)),N,P,oe,F=C,I=T(m.width*z),se=!1,ce=null,le=null,ue=null,de=null;d!=null&&(I==0||f!=null)&&(se=!0,ce=d.values(e,t,i,p),le=new Map,new Set(ce).forEach(e=>{e!=null&&le.set(e,new Path2D)}),I>0&&(ue=f.values(e,t,i,p),de=new Map,new Set(ue).forEach(e=>{e!=null&&de.set(e,new Path2D)})));let{x0:fe,size:pe}=l;if(fe!=null&&pe!=null){E=1,h=fe.values(e,t,i,p),fe.unit==2&&(h=h.map(t=>e.posToVal(x+t*C,_.key,!0)));let n=pe.values(e,t,i,p);P=pe.unit==2?n[0]*C:y(n[0],_,C,x)-y(0,_,C,x),F=ma(h,g,y,_,C,x,F),oe=F-P+D}else F=ma(h,g,y,_,C,x,F),oe=F*o+D,P=F-oe;oe<1&&(oe=0),I>=P/2&&(I=0),oe<5&&(T=An);let me=oe>0,he=F-oe-(me?I:0);P=T(Dn(he,k,O)),N=(E==0?P/2:E==j?0:P)-E*j*((E==0?D/2:0)+(me?I/2:0));let ge={stroke:null,fill:null,clip:null,band:null,gaps:null,flags:0},_e=se?null:new Path2D,ve=null;if(re!=null)ve=e.data[re.series[1]];else{let{y0:n,y1:r}=l;n!=null&&r!=null&&(g=r.values(e,t,i,p),ve=n.values(e,t,i,p))}let ye=ee*P,be=A*P;for(let n=j==1?i:p;n>=i&&n<=p;n+=j){let r=g[n];if(r==null)continue;if(ve!=null){let e=ve[n]??0;if(r-e==0)continue;M=b(e,v,w,S)}let i=y(_.distr!=2||l!=null?h[n]:n,_,C,x),a=b(H(r,ae),v,w,S),o=T(i-N),s=T(yn(a,M)),c=T(vn(a,M)),u=s-c;if(r!=null){let i=r<0?be:ye,a=r<0?ye:be;se?(I>0&&ue[n]!=null&&te(de.get(ue[n]),o,c+hn(I/2),P,yn(0,u-I),i,a),ce[n]!=null&&te(le.get(ce[n]),o,c+hn(I/2),P,yn(0,u-I),i,a)):te(_e,o,c+hn(I/2),P,yn(0,u-I),i,a),ne(e,t,n,o-I/2,c,P+I,u)}}return I>0?ge.stroke=se?de:_e:se||(ge._fill=m.width==0?m._fill:m._stroke??m._fill,ge.width=0),ge.fill=se?le:_e,ge})}function ha(e,t){let n=H(t?.alignGaps,0);return(t,r,i,a)=>Ui(t,r,(o,s,c,l,u,d,f,p,m,h,g)=>{[i,a]=$t(c,i,a);let _=o.pxRound,v=e=>_(d(e,l,h,p)),y=e=>_(f(e,u,g,m)),b,x,S;l.ori==0?(b=Qi,S=ea,x=oa):(b=$i,S=ta,x=sa);let C=l.dir*(l.ori==0?1:-1),w=v(s[C==1?i:a]),T=w,E=[],D=[];for(let e=C==1?i:a;e>=i&&e<=a;e+=C)if(c[e]!=null){let t=s[e],n=v(t);E.push(T=n),D.push(y(c[e]))}let O={stroke:e(E,D,b,S,x,_),fill:null,clip:null,band:null,gaps:null,flags:Vi},k=O.stroke,[ee,A]=Wi(t,r);if(o.fill!=null||ee!=0){let e=O.fill=new Path2D(k),n=y(o.fillTo(t,r,o.min,o.max,ee));S(e,T,n),S(e,w,n)}if(!o.spanGaps){let e=[];e.push(...Yi(s,c,i,a,C,v,n)),O.gaps=e=o.gaps(t,r,i,a,e),O.clip=qi(e,l.ori,p,m,h,g)}return A!=0&&(O.band=A==2?[Ki(t,r,i,a,k,-1),Ki(t,r,i,a,k,1)]:Ki(t,r,i,a,k,A)),O})}function ga(e){return ha(_a,e)}function _a(e,t,n,r,i,a){let o=e.length;if(o<2)return null;let s=new Path2D;if(n(s,e[0],t[0]),o==2)r(s,e[1],t[1]);else{let n=Array(o),r=Array(o-1),a=Array(o-1),c=Array(o-1);for(let n=0;n<o-1;n++)a[n]=t[n+1]-t[n],c[n]=e[n+1]-e[n],r[n]=a[n]/c[n];n[0]=r[0];for(let e=1;e<o-1;e++)r[e]===0||r[e-1]===0||r[e-1]>0!=r[e]>0?n[e]=0:(n[e]=3*(c[e-1]+c[e])/((2*c[e]+c[e-1])/r[e-1]+(c[e]+2*c[e-1])/r[e]),isFinite(n[e])||(n[e]=0));n[o-1]=r[o-2];for(let r=0;r<o-1;r++)i(s,e[r]+c[r]/3,t[r]+n[r]*c[r]/3,e[r+1]-c[r]/3,t[r+1]-n[r+1]*c[r]/3,e[r+1],t[r+1])}return s}var va=new Set;function ya(){for(let e of va)e.syncRect(!0)}kt&&(qt(wt,jt,ya),qt(Tt,jt,ya,!0),qt(Dt,jt,()=>{$.pxRatio=z}));var ba=fa(),xa=ca();function Sa(e,t,n,r){return(r?[e[0],e[1]].concat(e.slice(2)):[e[0]].concat(e.slice(1))).map((e,r)=>wa(e,r,t,n))}function Ca(e,t){return e.map((e,n)=>n==0?{}:q({},t,e))}function wa(e,t,n,r){return q({},t==0?n:r,e)}function Ta(e,t,n){return t==null?Gn:[t,n]}var Ea=Ta;function Da(e,t,n){return t==null?Gn:cn(t,n,an,!0)}function Oa(e,t,n,r){return t==null?Gn:nn(t,n,e.scales[r].log,!1)}var ka=Oa;function Aa(e,t,n,r){return t==null?Gn:rn(t,n,e.scales[r].log,!1)}var ja=Aa;function Ma(e,t,n,r,i){let a=yn(En(e),En(t)),o=t-e,s=Yt(i/r*o,n);do{let e=n[s],t=r*e/o;if(t>=i&&a+(e<5?Bn.get(e):0)<=17)return[e,t]}while(++s<n.length);return[0,0]}function Na(e){let t,n;return e=e.replace(/(\d+)px/,(e,r)=>(t=gn((n=+r)*z))+`px`),[e,t,n]}function Pa(e){e.show&&[e.font,e.labelFont].forEach(e=>{let t=K(e[2]*z,1);e[0]=e[0].replace(/[0-9.]+px/,t+`px`),e[1]=t})}function $(e,t,n){let r={mode:H(e.mode,1)},i=r.mode;function a(e,t,n,r){let i=t.valToPct(e);return r+n*(t.dir==-1?1-i:i)}function o(e,t,n,r){let i=t.valToPct(e);return r+n*(t.dir==-1?i:1-i)}function s(e,t,n,r){return t.ori==0?a(e,t,n,r):o(e,t,n,r)}r.valToPosH=a,r.valToPosV=o;let c=!1;r.status=0;let l=r.root=Rt(We);if(e.id!=null&&(l.id=e.id),Ft(l,e.class),e.title){let t=Rt(qe,l);t.textContent=e.title}let u=Lt(`canvas`),d=r.ctx=u.getContext(`2d`),f=Rt(Je,l);qt(`click`,f,e=>{e.target===m&&(Y!=Ir||X!=J)&&$r.click(r,e)},!0);let p=r.under=Rt(Ye,f);f.appendChild(u);let m=r.over=Rt(Xe,f);e=er(e);let h=+H(e.pxAlign,1),g=Xi(h);(e.plugins||[]).forEach(t=>{t.opts&&(e=t.opts(r,e)||e)});let _=e.ms||.001,v=r.series=i==1?Sa(e.series||[],gi,Fi,!1):Ca(e.series||[null],Pi),y=r.axes=Sa(e.axes||[],pi,ki,!0),b=r.scales={},x=r.bands=e.bands||[];x.forEach(e=>{e.fill=G(e.fill||null),e.dir=H(e.dir,-1)});let S=i==2?v[1].facets[0].scale:v[0].scale,C={axes:_r,series:ar},w=(e.drawOrder||[`axes`,`series`]).map(e=>C[e]);function T(e){let t=e.distr==3?t=>Sn(t>0?t:e.clamp(r,t,e.min,e.max,e.key)):e.distr==4?t=>Tn(t,e.asinh):e.distr==100?t=>e.fwd(t):e=>e;return n=>{let r=t(n),{_min:i,_max:a}=e,o=a-i;return(r-i)/o}}function E(t){let n=b[t];if(n==null){let r=(e.scales||Un)[t]||Un;if(r.from!=null){E(r.from);let e=q({},b[r.from],r,{key:t});e.valToPct=T(e),b[t]=e}else{n=b[t]=q({},t==S?Li:Ri,r),n.key=t;let e=n.time,a=n.range,o=Kn(a);if((t!=S||i==2&&!e)&&(o&&(a[0]==null||a[1]==null)&&(a={min:a[0]==null?on:{mode:1,hard:a[0],soft:a[0]},max:a[1]==null?on:{mode:1,hard:a[1],soft:a[1]}},o=!1),!o&&Xn(a))){let e=a;a=(t,n,r)=>n==null?Gn:cn(n,r,e)}n.range=G(a||(e?Ea:t==S?n.distr==3?ka:n.distr==4?ja:Ta:n.distr==3?Oa:n.distr==4?Aa:Da)),n.auto=G(!o&&n.auto),n.clamp=G(n.clamp||Ii),n._min=n._max=null,n.valToPct=T(n)}}}E(`x`),E(`y`),i==1&&v.forEach(e=>{E(e.scale)}),y.forEach(e=>{E(e.scale)});for(let t in e.scales)E(t);let D=b[S],O=D.distr,k,ee;D.ori==0?(Ft(l,Ge),k=a,ee=o):(Ft(l,Ke),k=o,ee=a);let A={};for(let e in b){let t=b[e];(t.min!=null||t.max!=null)&&(A[e]={min:t.min,max:t.max},t.min=t.max=null)}let j=e.tzDate||(e=>new Date(gn(e/_))),te=e.fmtDate||vr,ne=_==1?Br(j):Ur(j),re=Gr(j,Wr(_==1?zr:Hr,te)),ie=Xr(j,Jr(Yr,te)),ae=[],M=r.legend=q({},Zr,e.legend),N=r.cursor=q({},ai,{drag:{y:i==2}},e.cursor),P=M.show,oe=N.show,F=M.markers;M.idxs=ae,F.width=G(F.width),F.dash=G(F.dash),F.stroke=G(F.stroke),F.fill=G(F.fill);let I,se,ce,le=[],ue=[],de,fe=!1,pe={};if(M.live){let e=v[1]?v[1].values:null;fe=e!=null,de=fe?e(r,1,0):{_:0};for(let e in de)pe[e]=Ot}if(P){if(I=Lt(`table`,rt,l),ce=Lt(`tbody`,null,I),M.mount(r,I),fe){se=Lt(`thead`,null,I,ce);let e=Lt(`tr`,null,se);for(var me in Lt(`th`,null,e),de)Lt(`th`,ct,e).textContent=me}else Ft(I,at),M.live&&Ft(I,it)}let he={show:!0},ge={show:!1};function _e(e,t){if(t==0&&(fe||!M.live||i==2))return Gn;let n=[],a=Lt(`tr`,ot,ce,ce.childNodes[t]);Ft(a,e.class),e.show||Ft(a,Qe);let o=Lt(`th`,null,a);if(F.show){let e=Rt(st,o);if(t>0){let n=F.width(r,t);n&&(e.style.border=n+`px `+F.dash(r,t)+` `+F.stroke(r,t)),e.style.background=F.fill(r,t)}}let s=Rt(ct,o);for(var c in e.label instanceof HTMLElement?s.appendChild(e.label):s.textContent=e.label,t>0&&(F.show||(s.style.color=e.width>0?F.stroke(r,t):F.fill(r,t)),ye(`click`,o,t=>{if(N._lock)return;wt(t);let n=v.indexOf(e);if((t.ctrlKey||t.metaKey)!=M.isolate){let e=v.some((e,t)=>t>0&&t!=n&&e.show);v.forEach((t,r)=>{r>0&&si(r,e?r==n?he:ge:he,!0,Q.setSeries)})}else si(n,{show:!e.show},!0,Q.setSeries)},!1),kt&&ye(xt,o,t=>{N._lock||(wt(t),si(v.indexOf(e),Ci,!0,Q.setSeries))},!1)),de){let e=Lt(`td`,lt,a);e.textContent=`--`,n.push(e)}return[a,n]}let ve=new Map;function ye(e,t,n,i=!0){let a=ve.get(t)||{},o=N.bind[e](r,t,n,i);o&&(qt(e,t,a[e]=o),ve.set(t,a))}function be(e,t,n){let r=ve.get(t)||{};for(let n in r)(e==null||n==e)&&(Jt(n,t,r[n]),delete r[n]);e??ve.delete(t)}let xe=0,Se=0,L=0,R=0,Ce=0,we=0,Te=Ce,Ee=we,De=L,Oe=R,ke=0,Ae=0,je=0,Me=0;r.bbox={};let Ne=!1,Pe=!1,Fe=!1,Ie=!1,Le=!1,Re=!1;function ze(e,t,n){(n||e!=r.width||t!=r.height)&&Be(e,t),yr(!1),Fe=!0,Pe=!0,wr()}function Be(e,t){r.width=xe=L=e,r.height=Se=R=t,Ce=we=0,Ue(),gt();let n=r.bbox;ke=n.left=Ln(Ce*z,.5),Ae=n.top=Ln(we*z,.5),je=n.width=Ln(L*z,.5),Me=n.height=Ln(R*z,.5)}function Ve(){let e=!1,t=0;for(;!e;){t++;let n=hr(t),i=gr(t);e=t==3||n&&i,e||(Be(r.width,r.height),Pe=!0)}}function He({width:e,height:t}){ze(e,t)}r.setSize=He;function Ue(){let e=!1,t=!1,n=!1,r=!1;y.forEach((i,a)=>{if(i.show&&i._show){let{side:a,_size:o}=i,s=a%2,c=o+(i.label==null?0:i.labelSize);c>0&&(s?(L-=c,a==3?(Ce+=c,r=!0):n=!0):(R-=c,a==0?(we+=c,e=!0):t=!0))}}),Xt[0]=e,Xt[1]=n,Xt[2]=t,Xt[3]=r,L-=en[1]+en[3],Ce+=en[3],R-=en[2]+en[0],we+=en[0]}function gt(){let e=Ce+L,t=we+R,n=Ce,r=we;function i(i,a){switch(i){case 1:return e+=a,e-a;case 2:return t+=a,t-a;case 3:return n-=a,n+a;case 0:return r-=a,r+a}}y.forEach((e,t)=>{if(e.show&&e._show){let t=e.side;e._pos=i(t,e._size),e.label!=null&&(e._lpos=i(t,e.labelSize))}})}if(N.dataIdx==null){let e=N.hover,n=e.skip=new Set(e.skip??[]);n.add(void 0);let r=e.prox=G(e.prox),i=e.bias??=0;N.dataIdx=(e,a,o,s)=>{if(a==0)return o;let c=o,l=r(e,a,o,s)??W,u=l>=0&&l<W,d=D.ori==0?L:R,f=N.left,p=t[0],m=t[a];if(n.has(m[o])){c=null;let e=null,t=null,r;if(i==0||i==-1)for(r=o;e==null&&r-->0;)n.has(m[r])||(e=r);if(i==0||i==1)for(r=o;t==null&&r++<m.length;)n.has(m[r])||(t=r);if(e!=null||t!=null){if(u){let n=e==null?-1/0:k(p[e],D,d,0),r=t==null?1/0:k(p[t],D,d,0),i=f-n,a=r-f;i<=a?i<=l&&(c=e):a<=l&&(c=t)}else c=t==null?e:e==null?t:o-e<=t-o?e:t}}else u&&mn(f-k(p[o],D,d,0))>l&&(c=null);return c}}let wt=e=>{N.event=e};N.idxs=ae,N._lock=!1;let Tt=N.points;Tt.show=G(Tt.show),Tt.size=G(Tt.size),Tt.stroke=G(Tt.stroke),Tt.width=G(Tt.width),Tt.fill=G(Tt.fill);let Et=r.focus=q({},e.focus||{alpha:.3},N.focus),kt=Et.prox>=0,Mt=kt&&Tt.one,Nt=[],Pt=[],zt=[];function Vt(e,t){let n=Tt.show(r,t);if(n instanceof HTMLElement)return Ft(n,nt),Ft(n,e.class),Bt(n,-10,-10,L,R),m.insertBefore(n,Nt[t]),n}function Ut(e,t){if(i==1||t>0){let t=i==1&&b[e.scale].time,n=e.value;e.value=t?Yn(n)?Xr(j,Jr(n,te)):n||ie:n||Oi,e.label=e.label||(t?hi:mi)}if(Mt||t>0){e.width=e.width==null?1:e.width,e.paths=e.paths||ba||Mn,e.fillTo=G(e.fillTo||Gi),e.pxAlign=+H(e.pxAlign,h),e.pxRound=Xi(e.pxAlign),e.stroke=G(e.stroke||null),e.fill=G(e.fill||null),e._stroke=e._fill=e._paths=e._focus=null;let t=Ai(yn(1,e.width),1),n=e.points=q({},{size:t,width:yn(1,t*.2),stroke:e.stroke,space:t*2,paths:xa,_stroke:null,_fill:null},e.points);n.show=G(n.show),n.filter=G(n.filter),n.fill=G(n.fill),n.stroke=G(n.stroke),n.paths=G(n.paths),n.pxAlign=e.pxAlign}if(P){let n=_e(e,t);le.splice(t,0,n[0]),ue.splice(t,0,n[1]),M.values.push(null)}if(oe){ae.splice(t,0,null);let n=null;Mt?t==0&&(n=Vt(e,t)):t>0&&(n=Vt(e,t)),Nt.splice(t,0,n),Pt.splice(t,0,0),zt.splice(t,0,0)}pa(`addSeries`,t)}function Gt(e,t){t??=v.length,e=i==1?wa(e,t,gi,Fi):wa(e,t,{},Pi),v.splice(t,0,e),Ut(v[t],t)}r.addSeries=Gt;function Kt(e){if(v.splice(e,1),P){M.values.splice(e,1),ue.splice(e,1);let t=le.splice(e,1)[0];be(null,t.firstChild),t.remove()}oe&&(ae.splice(e,1),Nt.splice(e,1)[0].remove(),Pt.splice(e,1),zt.splice(e,1)),pa(`delSeries`,e)}r.delSeries=Kt;let Xt=[!1,!1,!1,!1];function Zt(e,t){if(e._show=e.show,e.show){let n=e.side%2,i=b[e.scale];i??=(e.scale=n?v[1].scale:S,b[e.scale]);let a=i.time;e.size=G(e.size),e.space=G(e.space),e.rotate=G(e.rotate),Kn(e.incrs)&&e.incrs.forEach(e=>{!Bn.has(e)&&Bn.set(e,Vn(e))}),e.incrs=G(e.incrs||(i.distr==2?Tr:a?_==1?Rr:Vr:Er)),e.splits=G(e.splits||(a&&i.distr==1?ne:i.distr==3?yi:i.distr==4?bi:vi)),e.stroke=G(e.stroke),e.grid.stroke=G(e.grid.stroke),e.ticks.stroke=G(e.ticks.stroke),e.border.stroke=G(e.border.stroke);let o=e.values;e.values=Kn(o)&&!Kn(o[0])?G(o):a?Kn(o)?Gr(j,Wr(o,te)):Yn(o)?Kr(j,o):o||re:o||_i,e.filter=G(e.filter||(i.distr>=3&&i.log==10?Ei:i.distr==3&&i.log==2?Di:jn)),e.font=Na(e.font),e.labelFont=Na(e.labelFont),e._size=e.size(r,null,t,0),e._space=e._rotate=e._incrs=e._found=e._splits=e._values=null,e._size>0&&(Xt[t]=!0,e._el=Rt(Ze,f))}}function Qt(e,t,n,r){let[i,a,o,s]=n,c=t%2,l=0;return c==0&&(s||a)&&(l=t==0&&!i||t==2&&!o?gn(pi.size/3):0),c==1&&(i||o)&&(l=t==1&&!a||t==3&&!s?gn(ki.size/2):0),l}let $t=r.padding=(e.padding||[Qt,Qt,Qt,Qt]).map(e=>G(H(e,Qt))),en=r._padding=$t.map((e,t)=>e(r,t,Xt,0)),V,sn=null,U=null,un=i==1?v[0].idxs:null,dn=null,fn=!1;function hn(e,n){if(t=e??[],r.data=r._data=t,i==2){V=0;for(let e=1;e<v.length;e++)V+=t[e][0].length}else{t.length==0&&(r.data=r._data=t=[[]]),dn=t[0],V=dn.length;let e=t;if(O==2){e=t.slice();let n=e[0]=Array(V);for(let e=0;e<V;e++)n[e]=e}r._data=t=e}if(yr(!0),pa(`setData`),O==2&&(Fe=!0),n!==!1){let e=D;e.auto(r,fn)?xn():oi(S,e.min,e.max),Ie||=N.left>=0,Re=!0,wr()}}r.setData=hn;function xn(){fn=!0;let e,n;i==1&&(V>0?(sn=un[0]=0,U=un[1]=V-1,e=t[0][sn],n=t[0][U],O==2?(e=sn,n=U):e==n&&(O==3?[e,n]=nn(e,e,D.log,!1):O==4?[e,n]=rn(e,e,D.log,!1):D.time?n=e+gn(86400/_):[e,n]=cn(e,n,an,!0))):(sn=un[0]=e=null,U=un[1]=n=null)),oi(S,e,n)}let Cn,En,kn,An,Fn,In,Rn,zn,Hn,qn;function Qn(e,t,n,r,i,a){e??=_t,n??=Wn,r??=`butt`,i??=_t,a??=`round`,e!=Cn&&(d.strokeStyle=Cn=e),i!=En&&(d.fillStyle=En=i),t!=kn&&(d.lineWidth=kn=t),a!=Fn&&(d.lineJoin=Fn=a),r!=In&&(d.lineCap=In=r),n!=An&&d.setLineDash(An=n)}function $n(e,t,n,r){t!=En&&(d.fillStyle=En=t),e!=Rn&&(d.font=Rn=e),n!=zn&&(d.textAlign=zn=n),r!=Hn&&(d.textBaseline=Hn=r)}function tr(e,t,n,i,a=0){if(i.length>0&&e.auto(r,fn)&&(t==null||t.min==null)){let t=H(sn,0),r=H(U,i.length-1),o=n.min==null?tn(i,t,r,a,e.distr==3):[n.min,n.max];e.min=vn(e.min,n.min=o[0]),e.max=yn(e.max,n.max=o[1])}}let nr={min:null,max:null};function rr(){for(let e in b){let t=b[e];A[e]==null&&(t.min==null||A[S]!=null&&t.auto(r,fn))&&(A[e]=nr)}for(let e in b){let t=b[e];A[e]==null&&t.from!=null&&A[t.from]!=null&&(A[e]=nr)}A[S]!=null&&yr(!0);let e={};for(let t in A){let n=A[t];if(n!=null){let a=e[t]=er(b[t],Zn);if(n.min!=null)q(a,n);else if(t!=S||i==2){if(V==0&&a.from==null){let e=a.range(r,null,null,t);a.min=e[0],a.max=e[1]}else a.min=W,a.max=-1/0}}}if(V>0){v.forEach((n,a)=>{if(i==1){let i=n.scale,o=A[i];if(o==null)return;let s=e[i];if(a==0){let e=s.range(r,s.min,s.max,i);s.min=e[0],s.max=e[1],sn=Yt(s.min,t[0]),U=Yt(s.max,t[0]),U-sn>1&&(t[0][sn]<s.min&&sn++,t[0][U]>s.max&&U--),n.min=dn[sn],n.max=dn[U]}else n.show&&n.auto&&tr(s,o,n,t[a],n.sorted);n.idxs[0]=sn,n.idxs[1]=U}else if(a>0&&n.show&&n.auto){let[r,i]=n.facets,o=r.scale,s=i.scale,[c,l]=t[a],u=e[o],d=e[s];u!=null&&tr(u,A[o],r,c,r.sorted),d!=null&&tr(d,A[s],i,l,i.sorted),n.min=i.min,n.max=i.max}});for(let t in e){let n=e[t],i=A[t];if(n.from==null&&(i==null||i.min==null)){let e=n.range(r,n.min==W?null:n.min,n.max==-1/0?null:n.max,t);n.min=e[0],n.max=e[1]}}}for(let t in e){let n=e[t];if(n.from!=null){let i=e[n.from];if(i.min==null)n.min=n.max=null;else{let e=n.range(r,i.min,i.max,t);n.min=e[0],n.max=e[1]}}}let n={},a=!1;for(let t in e){let r=e[t],i=b[t];if(i.min!=r.min||i.max!=r.max){i.min=r.min,i.max=r.max;let e=i.distr;i._min=e==3?Sn(i.min):e==4?Tn(i.min,i.asinh):e==100?i.fwd(i.min):i.min,i._max=e==3?Sn(i.max):e==4?Tn(i.max,i.asinh):e==100?i.fwd(i.max):i.max,n[t]=a=!0}}if(a){v.forEach((e,t)=>{i==2?t>0&&n.y&&(e._paths=null):n[e.scale]&&(e._paths=null)});for(let e in n)Fe=!0,pa(`setScale`,e);oe&&N.left>=0&&(Ie=Re=!0)}for(let e in A)A[e]=null}function ir(e){let t=Dn(sn-1,0,V-1),n=Dn(U+1,0,V-1);for(;e[t]==null&&t>0;)t--;for(;e[n]==null&&n<V-1;)n++;return[t,n]}function ar(){if(V>0){let e=v.some(e=>e._focus)&&qn!=Et.alpha;e&&(d.globalAlpha=qn=Et.alpha),v.forEach((e,n)=>{if(n>0&&e.show&&(sr(n,!1),sr(n,!0),e._paths==null)){let a=qn;qn!=e.alpha&&(d.globalAlpha=qn=e.alpha);let o=i==2?[0,t[n][0].length-1]:ir(t[n]);e._paths=e.paths(r,n,o[0],o[1]),qn!=a&&(d.globalAlpha=qn=a)}}),v.forEach((e,t)=>{if(t>0&&e.show){let n=qn;qn!=e.alpha&&(d.globalAlpha=qn=e.alpha),e._paths!=null&&cr(t,!1);{let n=e._paths==null?null:e._paths.gaps,i=e.points.show(r,t,sn,U,n),a=e.points.filter(r,t,i,n);(i||a)&&(e.points._paths=e.points.paths(r,t,sn,U,a),cr(t,!0))}qn!=n&&(d.globalAlpha=qn=n),pa(`drawSeries`,t)}}),e&&(d.globalAlpha=qn=1)}}function sr(e,t){let n=t?v[e].points:v[e];n._stroke=n.stroke(r,e),n._fill=n.fill(r,e)}function cr(e,t){let n=t?v[e].points:v[e],{stroke:r,fill:i,clip:a,flags:o,_stroke:s=n._stroke,_fill:c=n._fill,_width:l=n.width}=n._paths;l=K(l*z,3);let u=null,f=l%2/2;t&&c==null&&(c=l>0?`#fff`:s);let p=n.pxAlign==1&&f>0;if(p&&d.translate(f,f),!t){let e=ke-l/2,t=Ae-l/2,n=je+l,r=Me+l;u=new Path2D,u.rect(e,t,n,r)}t?ur(s,l,n.dash,n.cap,c,r,i,o,a):lr(e,s,l,n.dash,n.cap,c,r,i,o,u,a),p&&d.translate(-f,-f)}function lr(e,n,i,a,o,s,c,l,u,d,f){let p=!1;u!=0&&x.forEach((m,h)=>{if(m.series[0]==e){let e=v[m.series[1]],g=t[m.series[1]],_=(e._paths||Un).band;Kn(_)&&(_=m.dir==1?_[0]:_[1]);let y,b=null;e.show&&_&&ln(g,sn,U)?(b=m.fill(r,h)||s,y=e._paths.clip):_=null,ur(n,i,a,o,b,c,l,u,d,f,y,_),p=!0}}),p||ur(n,i,a,o,s,c,l,u,d,f)}function ur(e,t,n,r,i,a,o,s,c,l,u,f){Qn(e,t,n,r,i),(c||l||f)&&(d.save(),c&&d.clip(c),l&&d.clip(l)),f?(s&3)==3?(d.clip(f),u&&d.clip(u),fr(i,o),dr(e,a,t)):s&Hi?(fr(i,o),d.clip(f),dr(e,a,t)):s&Vi&&(d.save(),d.clip(f),u&&d.clip(u),fr(i,o),d.restore(),dr(e,a,t)):(fr(i,o),dr(e,a,t)),(c||l||f)&&d.restore()}function dr(e,t,n){n>0&&(t instanceof Map?t.forEach((e,t)=>{d.strokeStyle=Cn=t,d.stroke(e)}):t!=null&&e&&d.stroke(t))}function fr(e,t){t instanceof Map?t.forEach((e,t)=>{d.fillStyle=En=t,d.fill(e)}):t!=null&&e&&d.fill(t)}function pr(e,t,n,i){let a=y[e],o;if(i<=0)o=[0,0];else{let s=a._space=a.space(r,e,t,n,i);o=Ma(t,n,a._incrs=a.incrs(r,e,t,n,i,s),i,s)}return a._found=o}function mr(e,t,n,r,i,a,o,s,c,l){let u=o%2/2;h==1&&d.translate(u,u),Qn(s,o,c,l,s),d.beginPath();let f,p,m,g,_=i+(r==0||r==3?-a:a);n==0?(p=i,g=_):(f=i,m=_);for(let r=0;r<e.length;r++)t[r]!=null&&(n==0?f=m=e[r]:p=g=e[r],d.moveTo(f,p),d.lineTo(m,g));d.stroke(),h==1&&d.translate(-u,-u)}function hr(e){let t=!0;return y.forEach((n,i)=>{if(!n.show)return;let a=b[n.scale];if(a.min==null){n._show&&(t=!1,n._show=!1,yr(!1));return}n._show||(t=!1,n._show=!0,yr(!1));let o=n.side,s=o%2,{min:c,max:l}=a,[u,d]=pr(i,c,l,s==0?L:R);if(d==0)return;let f=a.distr==2,p=n._splits=n.splits(r,i,c,l,u,d,f),m=a.distr==2?p.map(e=>dn[e]):p,h=a.distr==2?dn[p[1]]-dn[p[0]]:u,g=n._values=n.values(r,n.filter(r,m,i,d,h),i,d,h);n._rotate=o==2?n.rotate(r,g,i,d):0;let _=n._size;n._size=_n(n.size(r,g,i,e)),_!=null&&n._size!=_&&(t=!1)}),t}function gr(e){let t=!0;return $t.forEach((n,i)=>{let a=n(r,i,Xt,e);a!=en[i]&&(t=!1),en[i]=a}),t}function _r(){for(let e=0;e<y.length;e++){let t=y[e];if(!t.show||!t._show)continue;let n=t.side,i=n%2,a,o,c=t.stroke(r,e),l=n==0||n==3?-1:1,[u,f]=t._found;if(t.label!=null){let s=t.labelGap*l,p=gn((t._lpos+s)*z);$n(t.labelFont[0],c,`center`,n==2?ft:pt),d.save(),i==1?(a=o=0,d.translate(p,gn(Ae+Me/2)),d.rotate((n==3?-pn:pn)/2)):(a=gn(ke+je/2),o=p);let m=On(t.label)?t.label(r,e,u,f):t.label;d.fillText(m,a,o),d.restore()}if(f==0)continue;let p=b[t.scale],m=i==0?je:Me,h=i==0?ke:Ae,_=t._splits,v=p.distr==2?_.map(e=>dn[e]):_,x=p.distr==2?dn[_[1]]-dn[_[0]]:u,S=t.ticks,C=t.border,w=S.show?S.size:0,T=gn(w*z),E=gn((t.alignTo==2?t._size-w-t.gap:t.gap)*z),D=t._rotate*-pn/180,O=g(t._pos*z),k=O+(T+E)*l;o=i==0?k:0,a=i==1?k:0;let ee=t.font[0];$n(ee,c,t.align==1?mt:t.align==2?ht:D>0?mt:D<0?ht:i==0?`center`:n==3?ht:mt,D||i==1?`middle`:n==2?ft:pt);let A=t.font[1]*t.lineGap,j=_.map(e=>g(s(e,p,m,h))),te=t._values;for(let e=0;e<te.length;e++){let t=te[e];if(t!=null){i==0?a=j[e]:o=j[e],t=``+t;let n=t.indexOf(`
`)==-1?[t]:t.split(/\n/gm);for(let e=0;e<n.length;e++){let t=n[e];D?(d.save(),d.translate(a,o+e*A),d.rotate(D),d.fillText(t,0,0),d.restore()):d.fillText(t,a,o+e*A)}}}S.show&&mr(j,S.filter(r,v,e,f,x),i,n,O,T,K(S.width*z,3),S.stroke(r,e),S.dash,S.cap);let ne=t.grid;ne.show&&mr(j,ne.filter(r,v,e,f,x),i,i==0?2:1,i==0?Ae:ke,i==0?Me:je,K(ne.width*z,3),ne.stroke(r,e),ne.dash,ne.cap),C.show&&mr([O],[1],+(i==0),i==0?1:2,i==1?Ae:ke,i==1?Me:je,K(C.width*z,3),C.stroke(r,e),C.dash,C.cap)}pa(`drawAxes`)}function yr(e){v.forEach((t,n)=>{n>0&&(t._paths=null,e&&(i==1?(t.min=null,t.max=null):t.facets.forEach(e=>{e.min=null,e.max=null})))})}let br=!1,xr=!1,Sr=[];function Cr(){xr=!1;for(let e=0;e<Sr.length;e++)pa(...Sr[e]);Sr.length=0}function wr(){br||=(or(Or),!0)}function Dr(e,t=!1){br=!0,xr=t,e(r),Or(),t&&Sr.length>0&&queueMicrotask(Cr)}r.batch=Dr;function Or(){if(Ne&&=(rr(),!1),Fe&&=(Ve(),!1),Pe){if(B(p,mt,Ce),B(p,ft,we),B(p,ut,L),B(p,dt,R),B(m,mt,Ce),B(m,ft,we),B(m,ut,L),B(m,dt,R),B(f,ut,xe),B(f,dt,Se),u.width=gn(xe*z),u.height=gn(Se*z),y.forEach(({_el:e,_show:t,_size:n,_pos:r,side:i})=>{if(e!=null){if(t){let t=i===3||i===0?n:0,a=i%2==1;B(e,a?`left`:`top`,r-t),B(e,a?`width`:`height`,n),B(e,a?`top`:`left`,a?we:Ce),B(e,a?`height`:`width`,a?R:L),It(e,Qe)}else Ft(e,Qe)}}),Cn=En=kn=Fn=In=Rn=zn=Hn=An=null,qn=1,Zi(!0),Ce!=Te||we!=Ee||L!=De||R!=Oe){yr(!1);let e=L/De,t=R/Oe;if(oe&&!Ie&&N.left>=0){N.left*=e,N.top*=t,Mr&&Bt(Mr,gn(N.left),0,L,R),Nr&&Bt(Nr,0,gn(N.top),L,R);for(let n=0;n<Nt.length;n++){let r=Nt[n];r!=null&&(Pt[n]*=e,zt[n]*=t,Bt(r,_n(Pt[n]),_n(zt[n]),L,R))}}if(Z.show&&!Le&&Z.left>=0&&Z.width>0){Z.left*=e,Z.width*=e,Z.top*=t,Z.height*=t;for(let e in ea)B(ni,e,Z[e])}Te=Ce,Ee=we,De=L,Oe=R}pa(`setSize`),Pe=!1}xe>0&&Se>0&&(d.clearRect(0,0,u.width,u.height),pa(`drawClear`),w.forEach(e=>e()),pa(`draw`)),Z.show&&Le&&(ri(Z),Le=!1),oe&&Ie&&(Ji(null,!0,!1),Ie=!1),M.show&&M.live&&Re&&(Ki(),Re=!1),c||(c=!0,r.status=1,pa(`ready`)),fn=!1,br=!1}r.redraw=(e,t)=>{Fe=t||!1,e===!1?wr():oi(S,D.min,D.max)};function kr(e,n){let i=b[e];if(i.from==null){if(V==0){let t=i.range(r,n.min,n.max,e);n.min=t[0],n.max=t[1]}if(n.min>n.max){let e=n.min;n.min=n.max,n.max=e}if(V>1&&n.min!=null&&n.max!=null&&n.max-n.min<1e-16)return;e==S&&i.distr==2&&V>0&&(n.min=Yt(n.min,t[0]),n.max=Yt(n.max,t[0]),n.min==n.max&&n.max++),A[e]=n,Ne=!0,wr()}}r.setScale=kr;let Ar,jr,Mr,Nr,Pr,Fr,Ir,J,Lr,qr,Y,X,Qr=!1,$r=N.drag,ei=$r.x,ti=$r.y;oe&&(N.x&&(Ar=Rt(et,m)),N.y&&(jr=Rt(tt,m)),D.ori==0?(Mr=Ar,Nr=jr):(Mr=jr,Nr=Ar),Y=N.left,X=N.top);let Z=r.select=q({show:!0,over:!0,left:0,width:0,top:0,height:0},e.select),ni=Z.show?Rt($e,Z.over?m:p):null;function ri(e,t){if(Z.show){for(let t in e)Z[t]=e[t],t in ea&&B(ni,t,e[t]);t!==!1&&pa(`setSelect`)}}r.setSelect=ri;function ii(e){if(v[e].show)P&&It(le[e],Qe);else if(P&&Ft(le[e],Qe),oe){let t=Mt?Nt[0]:Nt[e];t!=null&&Bt(t,-10,-10,L,R)}}function oi(e,t,n){kr(e,{min:t,max:n})}function si(e,t,n,a){t.focus!=null&&wi(e),t.show!=null&&v.forEach((n,r)=>{r>0&&(e==r||e==null)&&(n.show=t.show,ii(r),i==2?(oi(n.facets[0].scale,null,null),oi(n.facets[1].scale,null,null)):oi(n.scale,null,null),wr())}),n!==!1&&pa(`setSeries`,e,t),a&&_a(`setSeries`,r,e,t)}r.setSeries=si;function ci(e,t){q(x[e],t)}function li(e,t){e.fill=G(e.fill||null),e.dir=H(e.dir,-1),t??=x.length,x.splice(t,0,e)}function ui(e){e==null?x.length=0:x.splice(e,1)}r.addBand=li,r.setBand=ci,r.delBand=ui;function di(e,t){v[e].alpha=t,oe&&Nt[e]!=null&&(Nt[e].style.opacity=t),P&&le[e]&&(le[e].style.opacity=t)}let fi,xi,Si,Ci={focus:!0};function wi(e){if(e!=Si){let t=e==null,n=Et.alpha!=1;v.forEach((r,a)=>{if(i==1||a>0){let i=t||a==0||a==e;r._focus=t?null:i,n&&di(a,i?1:Et.alpha)}}),Si=e,n&&wr()}}P&&kt&&ye(St,I,e=>{N._lock||(wt(e),Si!=null&&si(null,Ci,!0,Q.setSeries))});function Ti(e,t,n){let r=b[t];n&&(e=e/z-(r.ori==1?we:Ce));let i=L;r.ori==1&&(i=R,e=i-e),r.dir==-1&&(e=i-e);let a=r._min,o=r._max,s=e/i,c=a+(o-a)*s,l=r.distr;return l==3?bn(10,c):l==4?wn(c,r.asinh):l==100?r.bwd(c):c}function ji(e,n){return Yt(Ti(e,S,n),t[0],sn,U)}r.valToIdx=e=>Yt(e,t[0]),r.posToIdx=ji,r.posToVal=Ti,r.valToPos=(e,t,n)=>b[t].ori==0?a(e,b[t],n?je:L,n?ke:0):o(e,b[t],n?Me:R,n?Ae:0),r.setCursor=(e,t,n)=>{Y=e.left,X=e.top,Ji(null,t,n)};function Mi(e,t){B(ni,mt,Z.left=e),B(ni,ut,Z.width=t)}function Ni(e,t){B(ni,ft,Z.top=e),B(ni,dt,Z.height=t)}let zi=D.ori==0?Mi:Ni,Ui=D.ori==1?Mi:Ni;function Wi(){if(P&&M.live)for(let e=+(i==2);e<v.length;e++){if(e==0&&fe)continue;let t=M.values[e],n=0;for(let r in t)ue[e][n++].firstChild.nodeValue=t[r]}}function Ki(e,t){if(e!=null&&(e.idxs?e.idxs.forEach((e,t)=>{ae[t]=e}):Jn(e.idx)||ae.fill(e.idx),M.idx=ae[0]),P&&M.live){for(let e=0;e<v.length;e++)(e>0||i==1&&!fe)&&qi(e,ae[e]);Wi()}Re=!1,t!==!1&&pa(`setLegend`)}r.setLegend=Ki;function qi(e,n){let i=v[e],a=e==0&&O==2?dn:t[e],o;fe?o=i.values(r,e,n)??pe:(o=i.value(r,n==null?null:a[n],e,n),o=o==null?pe:{_:o}),M.values[e]=o}function Ji(e,n,a){Lr=Y,qr=X,[Y,X]=N.move(r,Y,X),N.left=Y,N.top=X,oe&&(Mr&&Bt(Mr,gn(Y),0,L,R),Nr&&Bt(Nr,0,gn(X),L,R));let o,s=sn>U;fi=W,xi=null;let c=D.ori==0?L:R,l=D.ori==1?L:R;if(Y<0||V==0||s){o=N.idx=null;for(let e=0;e<v.length;e++){let t=Nt[e];t!=null&&Bt(t,-10,-10,L,R)}kt&&si(null,Ci,!0,e==null&&Q.setSeries),M.live&&(ae.fill(o),Re=!0)}else{let e,n,a;i==1&&(e=D.ori==0?Y:X,n=Ti(e,S),o=N.idx=Yt(n,t[0],sn,U),a=k(t[0][o],D,c,0));let s=-10,u=-10,d=0,f=0,p=!0,m=``,h=``;for(let e=+(i==2);e<v.length;e++){let g=v[e],_=ae[e],y=_==null?null:i==1?t[e][_]:t[e][1][_],x=N.dataIdx(r,e,o,n),S=x==null?null:i==1?t[e][x]:t[e][1][x];if(Re=Re||S!=y||x!=_,ae[e]=x,e>0&&g.show){let n=x==null?-10:x==o?a:k(i==1?t[0][x]:t[e][0][x],D,c,0),_=S==null?-10:ee(S,i==1?b[g.scale]:b[g.facets[1].scale],l,0);if(kt&&S!=null){let t=D.ori==1?Y:X,n=mn(Et.dist(r,e,x,_,t));if(n<fi){let r=Et.bias;if(r!=0){let i=Ti(t,g.scale),a=S>=0?1:-1,o=i>=0?1:-1;o==a&&(o==1?r==1?S>=i:S<=i:r==1?S<=i:S>=i)&&(fi=n,xi=e)}else fi=n,xi=e}}if(Re||Mt){let t,i;D.ori==0?(t=n,i=_):(t=_,i=n);let a,o,c,l,g,v,y=!0,b=Tt.bbox;if(b!=null){y=!1;let t=b(r,e);c=t.left,l=t.top,a=t.width,o=t.height}else c=t,l=i,a=o=Tt.size(r,e);if(v=Tt.fill(r,e),g=Tt.stroke(r,e),Mt)e==xi&&fi<=Et.prox&&(s=c,u=l,d=a,f=o,p=y,m=v,h=g);else{let t=Nt[e];t!=null&&(Pt[e]=c,zt[e]=l,Wt(t,a,o,y),Ht(t,v,g),Bt(t,_n(c),_n(l),L,R))}}}}if(Mt){let e=Et.prox;if(Re||(Si==null?fi<=e:fi>e||xi!=Si)){let e=Nt[0];e!=null&&(Pt[0]=s,zt[0]=u,Wt(e,d,f,p),Ht(e,m,h),Bt(e,_n(s),_n(u),L,R))}}}if(Z.show&&Qr){if(e!=null){let[t,n]=Q.scales,[r,i]=Q.match,[a,o]=e.cursor.sync.scales,s=e.cursor.drag;if(ei=s._x,ti=s._y,ei||ti){let{left:s,top:u,width:d,height:f}=e.select,p=e.scales[a].ori,m=e.posToVal,h,g,_,v,y,x=t!=null&&r(t,a),S=n!=null&&i(n,o);x&&ei?(p==0?(h=s,g=d):(h=u,g=f),_=b[t],v=k(m(h,a),_,c,0),y=k(m(h+g,a),_,c,0),zi(vn(v,y),mn(y-v))):zi(0,c),S&&ti?(p==1?(h=s,g=d):(h=u,g=f),_=b[n],v=ee(m(h,o),_,l,0),y=ee(m(h+g,o),_,l,0),Ui(vn(v,y),mn(y-v))):Ui(0,l)}else ta()}else{let e=mn(Lr-Pr),t=mn(qr-Fr);if(D.ori==1){let n=e;e=t,t=n}ei=$r.x&&e>=$r.dist,ti=$r.y&&t>=$r.dist;let n=$r.uni;n==null?$r.x&&$r.y&&(ei||ti)&&(ei=ti=!0):ei&&ti&&(ei=e>=n,ti=t>=n,!ei&&!ti&&(t>e?ti=!0:ei=!0));let r,i;ei&&(D.ori==0?(r=Ir,i=Y):(r=J,i=X),zi(vn(r,i),mn(i-r)),ti||Ui(0,l)),ti&&(D.ori==1?(r=Ir,i=Y):(r=J,i=X),Ui(vn(r,i),mn(i-r)),ei||zi(0,c)),!ei&&!ti&&(zi(0,0),Ui(0,0))}}if($r._x=ei,$r._y=ti,e==null){if(a){if(ha!=null){let[e,t]=Q.scales;Q.values[0]=e==null?null:Ti(D.ori==0?Y:X,e),Q.values[1]=t==null?null:Ti(D.ori==1?Y:X,t)}_a(vt,r,Y,X,L,R,o)}if(kt){let e=a&&Q.setSeries,t=Et.prox;Si==null?fi<=t&&si(xi,Ci,!0,e):fi>t?si(null,Ci,!0,e):xi!=Si&&si(xi,Ci,!0,e)}}Re&&(M.idx=o,Ki()),n!==!1&&pa(`setCursor`)}let Yi=null;Object.defineProperty(r,"rect",{get(){return Yi??Zi(!1),Yi}});function Zi(e=!1){e?Yi=null:(Yi=m.getBoundingClientRect(),pa(`syncRect`,Yi))}function Qi(e,t,n,r,i,a,o){N._lock||Qr&&e!=null&&e.movementX==0&&e.movementY==0||($i(e,t,n,r,i,a,o,!1,e!=null),e==null?Ji(t,!0,!1):Ji(null,!0,!0))}function $i(e,t,n,i,a,o,c,l,u){if(Yi??Zi(!1),wt(e),e!=null)n=e.clientX-Yi.left,i=e.clientY-Yi.top;else{if(n<0||i<0){Y=-10,X=-10;return}let[e,r]=Q.scales,c=t.cursor.sync,[l,u]=c.values,[d,f]=c.scales,[p,m]=Q.match,h=t.axes[0].side%2==1,g=D.ori==0?L:R,_=D.ori==1?L:R,v=h?o:a,y=h?a:o,x=h?i:n,S=h?n:i;if(n=d==null?x/v*g:p(e,d)?s(l,b[e],g,0):-10,i=f==null?S/y*_:m(r,f)?s(u,b[r],_,0):-10,D.ori==1){let e=n;n=i,i=e}}u&&(t==null||t.cursor.event.type==vt)&&((n<=1||n>=L-1)&&(n=Ln(n,L)),(i<=1||i>=R-1)&&(i=Ln(i,R))),l?(Pr=n,Fr=i,[Ir,J]=N.move(r,n,i)):(Y=n,X=i)}let ea={width:0,height:0,left:0,top:0};function ta(){ri(ea,!1)}let na,ra,ia,aa;function oa(e,t,n,i,a,o,s){Qr=!0,ei=ti=$r._x=$r._y=!1,$i(e,t,n,i,a,o,s,!0,!1),e!=null&&(ye(bt,At,sa,!1),_a(yt,r,Ir,J,L,R,null));let{left:c,top:l,width:u,height:d}=Z;na=c,ra=l,ia=u,aa=d}function sa(e,t,n,i,a,o,s){Qr=$r._x=$r._y=!1,$i(e,t,n,i,a,o,s,!1,!0);let{left:c,top:l,width:u,height:d}=Z,f=u>0||d>0,p=na!=c||ra!=l||ia!=u||aa!=d;if(f&&p&&ri(Z),$r.setScale&&f&&p){let e=c,t=u,n=l,r=d;if(D.ori==1&&(e=l,t=d,n=c,r=u),ei&&oi(S,Ti(e,S),Ti(e+t,S)),ti)for(let e in b){let t=b[e];e!=S&&t.from==null&&t.min!=W&&oi(e,Ti(n+r,e),Ti(n,e))}ta()}else N.lock&&(N._lock=!N._lock,Ji(t,!0,e!=null));e!=null&&(be(bt,At),_a(bt,r,Y,X,L,R,null))}function ca(e,t,n,r,i,a,o){if(N._lock)return;wt(e);let s=Qr;if(Qr){let e=!0,t=!0,n,r;D.ori==0?(n=ei,r=ti):(n=ti,r=ei),n&&r&&(e=Y<=10||Y>=L-10,t=X<=10||X>=R-10),n&&e&&(Y=Y<Ir?0:L),r&&t&&(X=X<J?0:R),Ji(null,!0,!0),Qr=!1}Y=-10,X=-10,ae.fill(null),Ji(null,!0,!0),s&&(Qr=s)}function la(e,t,n,i,a,o,s){N._lock||(wt(e),xn(),ta(),e!=null&&_a(Ct,r,Y,X,L,R,null))}function ua(){y.forEach(Pa),ze(r.width,r.height,!0)}qt(Dt,jt,ua);let da={};da.mousedown=oa,da.mousemove=Qi,da.mouseup=sa,da.dblclick=la,da.setSeries=(e,t,n,i)=>{let a=Q.match[2];n=a(r,t,n),n!=-1&&si(n,i,!0,!1)},oe&&(ye(yt,m,oa),ye(vt,m,Qi),ye(xt,m,e=>{wt(e),Zi(!1)}),ye(St,m,ca),ye(Ct,m,la),va.add(r),r.syncRect=Zi);let fa=r.hooks=e.hooks||{};function pa(e,t,n){xr?Sr.push([e,t,n]):e in fa&&fa[e].forEach(e=>{e.call(null,r,t,n)})}(e.plugins||[]).forEach(e=>{for(let t in e.hooks)fa[t]=(fa[t]||[]).concat(e.hooks[t])});let ma=(e,t,n)=>n,Q=q({key:null,setSeries:!1,filters:{pub:Nn,sub:Nn},scales:[S,v[1]?v[1].scale:null],match:[Pn,Pn,ma],values:[null,null]},N.sync);Q.match.length==2&&Q.match.push(ma),N.sync=Q;let ha=Q.key,ga=Bi(ha);function _a(e,t,n,r,i,a,o){Q.filters.pub(e,t,n,r,i,a,o)&&ga.pub(e,t,n,r,i,a,o)}ga.sub(r);function ya(e,t,n,r,i,a,o){Q.filters.sub(e,t,n,r,i,a,o)&&da[e](null,t,n,r,i,a,o)}r.pub=ya;function $(){ga.unsub(r),va.delete(r),ve.clear(),Jt(Dt,jt,ua),l.remove(),I?.remove(),pa(`destroy`)}r.destroy=$;function Fa(){pa(`init`,e,t),hn(t||e.data,!1),A[S]?kr(S,A[S]):xn(),Le=Z.show&&(Z.width>0||Z.height>0),Ie=Re=!0,ze(e.width,e.height)}return v.forEach(Ut),y.forEach(Zt),n?n instanceof HTMLElement?(n.appendChild(l),Fa()):n(r,Fa):Fa(),r}$.assign=q,$.fmtNum=dn,$.rangeNum=cn,$.rangeLog=nn,$.rangeAsinh=rn,$.orient=Ui,$.pxRatio=z,$.join=ar,$.fmtDate=vr,$.tzDate=br,$.sync=Bi;{$.addGap=Ji,$.clipGaps=qi;let e=$.paths={points:ca};e.linear=fa,e.stepped=pa,e.bars=Q,e.spline=ga}M(`
  fragment ChartSeries on Charts {
    granularity
    bookingTrends {
      date
      bookings
      revenue
    }
    patientEngagementTrend {
      date
      activePatients
      newPatients
    }
    automationPerformance {
      date
      efficiencyScore
      automationRate
    }
    visitOutcomeTrend {
      date
      attended
      noShows
      cancellations
    }
    meta {
      ...Meta
    }
  }
`);var Fa=[{id:`bookings-revenue`,title:`Bookings and revenue`,points:e=>e.bookingTrends,series:[{field:`bookings`,label:`Bookings`,format:`count`,style:`bars`,axis:`left`,color:`#2563a8`},{field:`revenue`,label:`Revenue`,format:`money`,style:`line`,axis:`right`,color:`#b4530a`}]},{id:`engagement`,title:`Patient engagement`,points:e=>e.patientEngagementTrend,series:[{field:`activePatients`,label:`Active patients`,format:`count`,style:`line`,axis:`left`,color:`#2563a8`},{field:`newPatients`,label:`New patients`,format:`count`,style:`bars`,axis:`right`,color:`#1f7a4d`}]},{id:`automation`,title:`Automation performance`,points:e=>e.automationPerformance,series:[{field:`efficiencyScore`,label:`Efficiency score`,format:`score`,style:`line`,axis:`left`,color:`#6b3fa0`},{field:`automationRate`,label:`Automation rate`,format:`percent`,style:`line`,axis:`right`,color:`#b4530a`}]},{id:`visit-outcomes`,title:`Visit outcomes`,points:e=>e.visitOutcomeTrend,series:[{field:`attended`,label:`Attended`,format:`count`,style:`bars`,axis:`left`,color:`#1f7a4d`},{field:`noShows`,label:`No-shows`,format:`count`,style:`line`,axis:`left`,color:`#a3271b`},{field:`cancellations`,label:`Cancellations`,format:`count`,style:`line`,axis:`left`,color:`#b4530a`}]}],Ia=220,La={DAY:`day`,WEEK:`week`,MONTH:`month`},Ra=new Intl.ListFormat(`en`,{type:`conjunction`}),za=class{element;plots=new Map;resize=new ResizeObserver(()=>this.fit());constructor(){this.element=v(`section`,{class:`charts`,"aria-labelledby":`charts-title`})}render(e,t,n){let r=new Set([...this.element.querySelectorAll(`figure[data-chart]:has(details[open])`)].map(e=>e.dataset.chart));this.dispose();let i=v(`h2`,{id:`charts-title`,class:`section-title`},`Trends`);if(!e){x(this.element,i,v(`p`,{class:`problem`,role:`status`},t??`Loading the charts…`));return}let a=Fa.map(t=>this.figure(t,e,n));for(let e of a)r.has(e.dataset.chart)&&e.querySelector(`details`)?.setAttribute(`open`,``);x(this.element,i,v(`div`,{class:`chart-grid`},...a))}figure(e,t,n){let r=e.points(t),i=La[t.granularity],a=C(`chart`),o=v(`div`,{class:`plot`,role:`img`,"aria-label":`${e.title} per ${i}: ${Ra.format(e.series.map(e=>e.label))}. The table below lists every point.`}),s=v(`figure`,{class:`chart`,"aria-labelledby":a,"data-chart":e.id},v(`figcaption`,{id:a},e.title,v(`span`,{class:`per`},` per ${i}`)),Ba(e.series),o,Va(e,r,n)),c=new $(Ua(e,n),Ha(e,r),o);return this.plots.set(e.id,c),this.resize.observe(o),s}fit(){for(let e of this.plots.values()){let t=e.root.parentElement?.clientWidth??0;t>0&&Math.abs(t-e.width)>1&&e.setSize({width:t,height:Ia})}}dispose(){this.resize.disconnect();for(let e of this.plots.values())e.destroy();this.plots.clear()}};function Ba(e){return v(`ul`,{class:`key`},...e.map(e=>{let t=v(`span`,{class:`swatch ${e.style}`,"aria-hidden":`true`});return t.style.backgroundColor=e.color,v(`li`,null,t,e.label)}))}function Va(e,t,n){return v(`details`,{class:`series-table`},v(`summary`,null,`Table of ${e.title.toLowerCase()}`),v(`div`,{class:`table-scroll`,tabindex:`0`,role:`region`,"aria-label":`${e.title} table`},v(`table`,null,v(`caption`,{class:`visually-hidden`},e.title),v(`thead`,null,v(`tr`,null,v(`th`,{scope:`col`},`Date`),...e.series.map(e=>v(`th`,{scope:`col`},e.label)))),v(`tbody`,null,...t.map(t=>v(`tr`,null,v(`th`,{scope:`row`},n.day(t.date)),...e.series.map(e=>v(`td`,null,n.figure(e.format,t[e.field])))))))))}function Ha(e,t){return[t.map(e=>ve(e.date).getTime()/1e3),...e.series.map(e=>t.map(t=>t[e.field]))]}function Ua(e,t){let n=e.series.find(e=>e.axis===`left`),r=e.series.find(e=>e.axis===`right`),i=$.paths.bars({size:[.6,48]});return{width:320,height:Ia,legend:{show:!1},cursor:{drag:{x:!1,y:!1}},tzDate:e=>$.tzDate(new Date(e*1e3),`Etc/UTC`),scales:{x:{time:!0},left:{range:(e,t,n)=>[0,Wa(n)]},right:{range:(e,t,n)=>[0,Wa(n)]}},axes:[{values:(e,n)=>n.map(e=>t.day(new Date(e*1e3).toISOString().slice(0,10),!0))},{scale:`left`,values:(e,r)=>r.map(e=>t.tick(n?.format??`count`,e)),size:56},...r?[{scale:`right`,side:1,grid:{show:!1},values:(e,n)=>n.map(e=>t.tick(r.format,e)),size:64}]:[]],series:[{},...e.series.map(e=>({label:e.label,scale:e.axis,stroke:e.color,width:2,fill:e.style===`bars`?`${e.color}99`:void 0,paths:e.style===`bars`?i:void 0,points:{show:!1}}))]}}function Wa(e){if(!e||e<=0)return 1;let t=10**Math.floor(Math.log10(e));return Math.ceil(e*1.1/t)*t}var Ga=class{handlers;element;clinic;window;compare;from;to;range;constructor(e,t,n,r){this.handlers=r,this.clinic=v(`select`,{id:`clinic`,"data-control":`organization`},...e.map(e=>v(`option`,{value:e.id,selected:e.id===t.id},e.name))),this.window=v(`select`,{id:`window`,"data-control":`window`},...qa(n.value)),this.compare=v(`select`,{id:`compare`,"data-control":`compare`},...De.map(([e,t])=>v(`option`,{value:e,selected:e===n.compareTo},t)));let i=n.range?.to??Fe(t.timezone);this.from=v(`input`,{id:`from`,type:`date`,"data-control":`range-from`,value:n.range?.from??Ja(i),required:!0}),this.to=v(`input`,{id:`to`,type:`date`,"data-control":`range-to`,value:i,required:!0}),this.range=v(`div`,{class:`range`,hidden:n.value!==we},Ka(`from`,`From`,this.from),Ka(`to`,`To`,this.to));let a=v(`button`,{type:`button`,class:`quiet`,"data-control":`sign-out`},`Sign out`);this.element=v(`form`,{class:`controls`,"aria-label":`Dashboard settings`},Ka(`clinic`,`Clinic`,this.clinic),Ka(`window`,`Window`,this.window),Ka(`compare`,`Compared with`,this.compare),this.range,a),this.element.addEventListener(`submit`,e=>e.preventDefault()),this.clinic.addEventListener(`change`,()=>r.clinic(this.clinic.value));for(let e of[this.window,this.compare,this.from,this.to])e.addEventListener(`change`,()=>this.windowChanged());a.addEventListener(`click`,()=>r.signOut())}choice(){let e=this.window.value,t=this.compare.value;if(e!==`RANGE`)return{value:e,compareTo:t};let n=this.from.value,r=this.to.value;return!n||!r||n>r?null:{value:e,compareTo:t,range:{from:n,to:r}}}windowChanged(){this.range.hidden=this.window.value!==we;let e=this.choice();this.to.setCustomValidity(e?``:`The last day must not be before the first.`),e&&this.handlers.window(e)}};function Ka(e,t,n){return v(`div`,{class:`field`},v(`label`,{for:e},t),n)}function qa(e){return[`Rolling`,`Calendar`,`Custom`].map(t=>v(`optgroup`,{label:t===`Rolling`?`Rolling windows`:t===`Calendar`?`Calendar periods`:`Custom`},...Ee.filter(e=>e.group===t).map(t=>v(`option`,{value:t.value,selected:t.value===e},t.label))))}function Ja(e){let t=new Date(`${e}T00:00:00Z`);return t.setUTCDate(t.getUTCDate()-29),t.toISOString().slice(0,10)}var Ya={REAL_TIME:0,CACHED:1,STALE:2},Xa=class{element=v(`p`,{class:`freshness`,role:`status`,"data-freshness":`REAL_TIME`});render(e,t,n){let r=e.reduce((e,t)=>e===null||Ya[t.freshness]>Ya[e.freshness]?t:e,null),i=e.reduce((e,t)=>e===null||t.computedAt<e?t.computedAt:e,null),a=r?.freshness??`REAL_TIME`,o,s=null;t?(a=`STALE`,o=`Stale`,s=t):a===`STALE`?(o=`Stale`,s=r?.staleReason??`The last figures computed are shown.`):a===`CACHED`?(o=`Cached`,s=i&&n?`computed ${n.instant(i)}`:null):o=`Live`,this.element.dataset.freshness=a,this.element.className=`freshness ${a.toLowerCase()}`,x(this.element,v(`span`,{class:`dot`,"aria-hidden":`true`}),v(`strong`,null,o),s?v(`span`,null,`: ${s}`):null)}},Za={MANUAL:`Reception`,ONLINE:`Online`,AI_AGENT:`AI receptionist`,AUTOMATION:`Automation`},Qa=class{turn;element=v(`section`,{class:`upcoming`,"aria-labelledby":`upcoming-title`});cursors=[null];refocus=null;constructor(e){this.turn=e}get after(){return this.cursors[this.cursors.length-1]??null}reset(){this.cursors=[null]}render(e,t,n){let r=v(`h2`,{id:`upcoming-title`,class:`section-title`},`Upcoming appointments`);if(!e){let e=t[0]?.message??`Loading the appointments…`;x(this.element,r,v(`p`,{class:`problem`,role:`status`},e));return}let i=(this.cursors.length-1)*10+1,a=e.nodes.length?`${i}–${i+e.nodes.length-1} of `:``;x(this.element,r,v(`p`,{class:`span`},`Booked in the next 7 days: `,a,v(`span`,{"data-metric":`upcomingAppointments.totalCount`},n.figure(`count`,e.totalCount))),v(`div`,{class:`table-scroll`,tabindex:`0`,role:`region`,"aria-label":`Upcoming appointments table`},v(`table`,null,v(`thead`,null,v(`tr`,null,...[`Starts`,`Appointment type`,`Practitioner`,`Booked by`].map(e=>v(`th`,{scope:`col`},e)))),v(`tbody`,null,...e.nodes.length?e.nodes.map(e=>v(`tr`,null,v(`td`,null,n.instant(e.startsAt)),v(`td`,null,e.appointmentType??`—`),v(`td`,null,e.practitionerName??e.practitionerId??`—`),v(`td`,null,Za[e.source]))):[v(`tr`,null,v(`td`,{colspan:4},`Nothing booked in the next 7 days.`))]))),v(`div`,{class:`pager`},this.button(`Previous page`,`upcoming-previous`,this.cursors.length>1,()=>this.cursors.pop()),this.button(`Next page`,`upcoming-next`,e.pageInfo.hasNextPage,()=>{this.cursors.push(e.pageInfo.endCursor??null)}))),this.refocus&&=((this.element.querySelector(`[data-control="${this.refocus}"]:not([disabled])`)??this.element.querySelector(`.table-scroll`))?.focus(),null)}button(e,t,n,r){let i=v(`button`,{type:`button`,"data-control":t,disabled:!n},e);return i.addEventListener(`click`,()=>{r(),this.refocus=t,this.turn()}),i}},$a=he.flatMap(e=>e.change?.from===`comparison`?[e.change.group]:[]),eo=[`summary`,`reengagement`],to=5e3,no=`clinic-analytics:ready`,ro=class{root;token;clinics;signIn;clinic;choice;format;data={};errors={};compared={};unreachable=null;problem=null;sequence=0;shownSequence={};generation=0;stopLive=null;retry;badge=new Xa;liveStatus=v(`p`,{class:`live`,role:`status`},`Connecting live updates…`);caption=v(`p`,{class:`window-caption`});problemLine=v(`p`,{class:`problem banner`,role:`alert`,hidden:!0});cards=v(`div`,{class:`cards`});charts=new za;breakdown=new Re(()=>void this.load([`BREAKDOWN`],!0));upcoming=new Qa(()=>void this.load([`UPCOMING_APPOINTMENTS`],!1));constructor(e,t,n,r,i,a){this.root=e,this.token=t,this.clinics=n,this.signIn=a,this.clinic=r,this.choice=i,this.format=new _e(r.currency,r.timezone)}start(){let e=new Ga(this.clinics,this.clinic,this.choice,{clinic:e=>this.switchClinic(e),window:e=>this.switchWindow(e),signOut:()=>this.signIn(`You signed out.`)});x(this.root,v(`header`,{class:`top`},v(`h1`,null,`Clinic dashboard`),e.element,v(`div`,{class:`status`},this.badge.element,this.liveStatus)),v(`main`,{id:`main`},this.caption,this.problemLine,v(`h2`,{class:`visually-hidden`},`Key figures`),this.cards,this.charts.element,this.breakdown.element,this.upcoming.element)),this.render(`all`),this.subscribe(),this.load(`all`,!0)}stop(){this.stopLive?.(),this.stopLive=null,window.clearTimeout(this.retry)}get credentials(){return{token:this.token,organizationId:this.clinic.id}}switchClinic(e){let t=this.clinics.find(t=>t.id===e);t&&(h(e),this.clinic=t,this.format=new _e(t.currency,t.timezone),this.forget(Object.keys(L(`all`))),this.upcoming.reset(),this.subscribe(),this.load(`all`,!0))}switchWindow(e){this.choice=e,_(e.value);let t=L(Se);this.forget(Object.keys(t).filter(e=>t[e])),this.compared={},this.load(Se,!0)}forget(e){this.generation+=1;for(let t of e)delete this.data[t],delete this.errors[t];this.compared={},this.unreachable=null,this.problem=null,this.render(`all`)}subscribe(){this.stopLive?.(),this.stopLive=F(this.credentials,{changed:(e,t)=>void this.load(e,!1,t),status:e=>{this.liveStatus.textContent=e?`Live updates on`:`Live updates paused: reconnecting…`},refused:(e,t)=>{e===`unauthorized`&&this.signIn(`Live updates were refused: ${t}`)}})}async load(e,t,n=null){let r=this.generation,a=++this.sequence,o=L(e);t&&(document.body.dataset.state=`loading`),window.clearTimeout(this.retry);try{let e=await i(this.credentials,P,{org:this.clinic.id,window:Oe(this.choice),compareTo:this.choice.compareTo,granularity:Ae(this.choice),by:this.breakdown.by,pageSize:10,after:this.upcoming.after,...o},n);if(r!==this.generation)return;let t=this.take(e.data.organization,e.errors,o,a);if(await this.compare(t,r,n),r!==this.generation)return;this.unreachable=null,this.problem=null,this.render(t),io()}catch(t){if(r!==this.generation)return;this.failed(t,e,n)}}take(e,t,n,r){let i=[];for(let a of Object.keys(n))!n[a]||(this.shownSequence[a]??0)>r||(this.shownSequence[a]=r,this.data[a]=e[a]??null,this.errors[a]=t.filter(e=>e.path?.[1]===a),i.push(a));return i}async compare(e,t,n){let r=this.data.bookingMetrics?.meta,a=t=>e.includes(t)||!(t in this.compared);if(!r?.comparisonStart||!r.comparisonEnd||!$a.some(a))return;let o=Ne(this.choice,{start:r.comparisonStart,end:r.comparisonEnd},this.clinic.timezone),s=Object.fromEntries($a.map(e=>[e,a(e)])),c=await i(this.credentials,ge,{org:this.clinic.id,...o,...s},n);if(t===this.generation)for(let e of Object.keys(c.data.organization))this.compared[e]=c.data.organization[e]}failed(e,n,r){if(!(e instanceof t))throw e;if(e.kind===`unauthorized`)this.signIn(`Please sign in again: ${e.message}`);else{if(e.kind===`forbidden`)this.problem=`${this.clinic.name} is not granted to this credential: ${e.message}`;else if(e.kind===`unreachable`)this.unreachable=`${e.message} Showing the last figures; retrying.`,this.retry=window.setTimeout(()=>void this.load(n,!1,r),to);else if(e.kind===`limited`){let t=document.body.dataset.state===`loading`;this.retry=window.setTimeout(()=>void this.load(n,t,r),(e.retryAfterSeconds??1)*1e3);return}else this.problem=e.message;this.render([]),Object.values(this.data).some(e=>e!=null)?io():document.body.dataset.state=`error`}}render(e){let t=t=>e===`all`||e.includes(t),n=this.data.bookingMetrics?.meta,r=n?.comparisonStart&&n.comparisonEnd?this.format.span(n.comparisonStart,n.comparisonEnd):void 0,i=n?.comparisonEnd?this.format.instant(n.comparisonEnd):void 0;if(x(this.caption,n?`${this.clinic.name}: ${this.format.span(n.windowStart,n.windowEnd)}`:`${this.clinic.name}: loading…`,r?`, compared with ${r}`:null),this.problemLine.hidden=this.problem===null,this.problemLine.textContent=this.problem??``,x(this.cards,...he.map(e=>{let t=e.key,n=e.change,a=n?.from===`comparison`?this.compared[n.group]:void 0;return ze(e,{data:this.data[t],errors:this.errors[t]??[],compared:a?.[e.headline.field]??null,comparedWith:eo.includes(e.key)?i:r},this.format)})),t(`charts`)){let e=this.errors.charts?.[0]?.message??null;this.charts.render(this.data.charts,e,this.format)}t(`breakdown`)&&this.breakdown.render(this.data.breakdown,this.errors.breakdown??[],this.format),t(`upcomingAppointments`)&&this.upcoming.render(this.data.upcomingAppointments,this.errors.upcomingAppointments??[],this.format),this.badge.render(this.served(),this.unreachable,this.format)}served(){return Object.values(this.data).flatMap(e=>{let t=e?.meta;return t?[t]:[]})}};function io(){document.body.dataset.state=`ready`,performance.getEntriesByName(no).length===0&&performance.mark(no)}function ao(e,t,n){let r=v(`input`,{id:`token`,name:`token`,type:`password`,autocomplete:`off`,spellcheck:`false`,required:!0,"data-control":`token`,"aria-describedby":`token-help`}),i=v(`form`,{class:`signin`,"data-view":`signin`,"aria-labelledby":`signin-title`},v(`h1`,{id:`signin-title`},`Sign in to the clinic dashboard`),t?v(`p`,{class:`problem`,role:`alert`},t):null,v(`label`,{for:`token`},`Bearer token or API key`),r,v(`p`,{id:`token-help`,class:`help`},`Paste a token from your identity provider or an API key (cak_…). It is kept in this tab only, until you sign out or close it.`),v(`button`,{type:`submit`},`Sign in`));i.addEventListener(`submit`,e=>{e.preventDefault(),r.value.trim()&&(f(r.value),n())}),e.replaceChildren(i),document.body.dataset.state=`signin`,r.focus()}var oo=document.getElementById(`app`),so=null;function co(e){so?.stop(),so=null,p(),ao(oo,e,()=>void lo())}async function lo(){let e=d();if(!e){co(null);return}document.body.dataset.state=`loading`,x(oo,v(`p`,{class:`loading`,role:`status`},`Loading your clinics…`));let n;try{n=(await i({token:e},N,{})).data.organizations}catch(e){if(e instanceof t&&e.kind===`unauthorized`){co(`The credential was refused: ${e.message}`);return}uo(e instanceof Error?e.message:String(e));return}if(n.length===0){uo(`This credential grants no clinic.`);return}let r=n.find(e=>e.id===m())??n[0],a=g(),o={value:ke(a)&&a!==`RANGE`?a:Te,compareTo:`PREVIOUS_PERIOD`};so=new ro(oo,e,n,r,o,co),so.start()}function uo(e){let t=v(`button`,{type:`button`},`Try again`);t.addEventListener(`click`,()=>void lo());let n=v(`button`,{type:`button`,class:`quiet`},`Sign in with another credential`);n.addEventListener(`click`,()=>co(null)),x(oo,v(`div`,{class:`signin`},v(`h1`,null,`Clinic dashboard`),v(`p`,{class:`problem`,role:`alert`},e),t,n)),document.body.dataset.state=`error`}u(),lo();