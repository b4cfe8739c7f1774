import { graphql } from '@/gql';

graphql(`
  fragment AlertItem on Alert {
    id
    ruleId
    ruleName
    kind
    state
    sessionId
    sessionName
    market
    detail
    startedAt
    acknowledgedAt
    resolvedAt
    notifications {
      channelId
      episode
      state
      attempts
      lastError
    }
  }
`);

export const AlertsQuery = graphql(`
  query Alerts($state: AlertState, $limit: Int, $offset: Int) {
    alerts(state: $state, limit: $limit, offset: $offset) {
      ...AlertItem
    }
  }
`);

export const AlertStreamSubscription = graphql(`
  subscription AlertStream {
    alerts {
      id
      state
    }
  }
`);

export const AcknowledgeAlertMutation = graphql(`
  mutation AcknowledgeAlert($id: ID!) {
    acknowledgeAlert(id: $id) {
      ...AlertItem
    }
  }
`);

graphql(`
  fragment AlertChannelItem on AlertChannel {
    id
    name
    type
    url
    hasSecret
    secret
    botToken
    chatId
    apiUrl
  }
`);

graphql(`
  fragment AlertRuleItem on AlertRule {
    id
    name
    kind
    threshold
    unit
    enabled
    mutedUntil
    scope {
      type
      market
      strategy
      sessionId
    }
    channels {
      id
      name
    }
  }
`);

export const AlertSettingsQuery = graphql(`
  query AlertSettings {
    alertRules {
      ...AlertRuleItem
    }
    alertChannels {
      ...AlertChannelItem
    }
  }
`);

export const CreateAlertChannelMutation = graphql(`
  mutation CreateAlertChannel($input: CreateAlertChannelInput!) {
    createAlertChannel(input: $input) {
      ...AlertChannelItem
    }
  }
`);

export const DeleteAlertChannelMutation = graphql(`
  mutation DeleteAlertChannel($id: ID!) {
    deleteAlertChannel(id: $id)
  }
`);

export const TestAlertChannelMutation = graphql(`
  mutation TestAlertChannel($id: ID!) {
    testAlertChannel(id: $id) {
      delivered
      status
      error
    }
  }
`);

export const CreateAlertRuleMutation = graphql(`
  mutation CreateAlertRule($input: CreateAlertRuleInput!) {
    createAlertRule(input: $input) {
      ...AlertRuleItem
    }
  }
`);

export const UpdateAlertRuleMutation = graphql(`
  mutation UpdateAlertRule($id: ID!, $input: UpdateAlertRuleInput!) {
    updateAlertRule(id: $id, input: $input) {
      ...AlertRuleItem
    }
  }
`);

export const DeleteAlertRuleMutation = graphql(`
  mutation DeleteAlertRule($id: ID!) {
    deleteAlertRule(id: $id)
  }
`);
