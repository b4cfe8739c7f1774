package io.botdeck.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Node;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import io.botdeck.web.TextRules;
import org.springframework.graphql.execution.ErrorType;

/**
 * What an operation may hold, checked before anything runs (a violation is a {@code BAD_REQUEST}
 * and executes nothing):
 * <ul>
 *   <li>a mutation operation selects one field: each mutation is its own request, so its outcome
 *       is never hidden by another's failure ({@code createSession} is non-null, so one failing
 *       field of twenty would null the whole answer while the others had written);</li>
 *   <li>no string, in the document or in the variables, holds a NUL character or an unpaired
 *       surrogate;</li>
 *   <li>no list in the variables holds more than {@value #MAX_LIST} items.</li>
 * </ul>
 */
final class DocumentRules {

    static final int MAX_LIST = 1_000;

    private DocumentRules() {
    }

    static void check(ExecutionContext context) {
        OperationDefinition operation = context.getOperationDefinition();
        if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
            int fields = countFields(operation.getSelectionSet(), context.getFragmentsByName(), 0);
            if (fields > 1) {
                throw refuse("a request may run one mutation; this one selects " + fields
                        + " mutation fields. Send each mutation as its own request, so each one's outcome is reported");
            }
        }
        String literal = firstBadString(operation);
        if (literal == null) {
            for (FragmentDefinition fragment : context.getFragmentsByName().values()) {
                literal = literal != null ? literal : firstBadString(fragment);
            }
        }
        if (literal != null) {
            throw refuse("a string in the document " + literal);
        }
        Map<String, Object> variables = context.getCoercedVariables().toMap();
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            String problem = checkValue(v.getValue(), "$" + v.getKey(), 0);
            if (problem != null) {
                throw refuse(problem);
            }
        }
    }

    private static int countFields(SelectionSet set, Map<String, FragmentDefinition> fragments, int depth) {
        if (set == null || depth > 10) {
            return 0;
        }
        int n = 0;
        for (Selection<?> s : set.getSelections()) {
            if (s instanceof Field) {
                n++;
            } else if (s instanceof InlineFragment inline) {
                n += countFields(inline.getSelectionSet(), fragments, depth + 1);
            } else if (s instanceof FragmentSpread spread && fragments.get(spread.getName()) != null) {
                n += countFields(fragments.get(spread.getName()).getSelectionSet(), fragments, depth + 1);
            }
        }
        return n;
    }

    private static String firstBadString(Node<?> node) {
        @SuppressWarnings("rawtypes")
        List<Node> stack = new ArrayList<>();
        stack.add(node);
        while (!stack.isEmpty()) {
            Node<?> n = stack.remove(stack.size() - 1);
            if (n instanceof StringValue s) {
                String problem = TextRules.problem(s.getValue());
                if (problem != null) {
                    return problem;
                }
            }
            stack.addAll(n.getChildren());
        }
        return null;
    }

    private static String checkValue(Object value, String path, int depth) {
        if (depth > 50) {
            return path + " nests too deeply";
        }
        if (value instanceof String s) {
            String problem = TextRules.problem(s);
            return problem == null ? null : path + " " + problem;
        }
        if (value instanceof List<?> list) {
            if (list.size() > MAX_LIST) {
                return path + " has " + list.size() + " items; at most " + MAX_LIST;
            }
            for (int i = 0; i < list.size(); i++) {
                String problem = checkValue(list.get(i), path + "[" + i + "]", depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String problem = checkValue(String.valueOf(e.getKey()), path + " (a key)", depth + 1);
                problem = problem != null ? problem : checkValue(e.getValue(), path + "." + e.getKey(), depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static AbortExecutionException refuse(String message) {
        GraphQLError error = GraphqlErrorBuilder.newError().errorType(ErrorType.BAD_REQUEST).message(message).build();
        return new AbortExecutionException(List.of(error));
    }
}
