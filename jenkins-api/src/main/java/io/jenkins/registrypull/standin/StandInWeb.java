package io.jenkins.registrypull.standin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.InjectedParameter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.interceptor.InterceptorAnnotation;
import org.kohsuke.stapler.verb.HttpVerbInterceptor;

/**
 * Calls a web method ({@code doFill...Items}, {@code doCheck...}) as Stapler 2050 dispatches a request to it, for the
 * two things plugin tests rely on:
 * <ul>
 *   <li>HTTP verbs: a method carrying a verb annotation ({@code @POST}, whose {@code @InterceptorAnnotation} names
 *   {@link HttpVerbInterceptor}) is only selected for that verb, as {@code HttpVerbInterceptor.matches}; otherwise
 *   the request is not handled ({@link NotHandled}, a 404 in Jenkins). A method without one takes any verb.</li>
 *   <li>Parameters: {@code @QueryParameter} from the request's parameters by the annotation's name or the Java
 *   parameter name ({@code -parameters}), {@code required} and {@code fixEmpty} as {@code QueryParameter.HandlerImpl},
 *   converted to {@code String}/{@code boolean}/{@code int}; {@code @AncestorInPath} the ancestor object if it is of
 *   the parameter's type, else null. Any other parameter is refused: Stapler would inject it from the request.</li>
 * </ul>
 */
public final class StandInWeb {
    private StandInWeb() {
    }

    /** The request was not dispatched to the method (Stapler: CancelRequestHandlingException, then 404). */
    public static final class NotHandled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotHandled(String message) {
            super(message);
        }
    }

    /** Sends {@code verb} (GET, POST...) to the public method {@code name} of {@code target}. */
    public static Object call(@NonNull String verb, @NonNull Object target, @NonNull String name,
            @NonNull Map<String, String> parameters, @CheckForNull Object ancestor) throws Exception {
        Method method = find(target.getClass(), name);
        if (!verbMatches(method, verb)) {
            throw new NotHandled(verb + " is not accepted by " + target.getClass().getName() + "." + name);
        }
        List<Object> args = new ArrayList<>();
        for (Parameter p : method.getParameters()) {
            args.add(bind(p, parameters, ancestor));
        }
        try {
            return method.invoke(target, args.toArray());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

    private static Method find(Class<?> type, String name) {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers())) {
                return m;
            }
        }
        throw new NotHandled("no web method " + name + " on " + type.getName());
    }

    /** {@code HttpVerbInterceptor.matches}: the verb names one of the method's verb annotations, if it has any. */
    static boolean verbMatches(Method method, String verb) {
        boolean restricted = false;
        for (Annotation a : method.getAnnotations()) {
            InterceptorAnnotation ia = a.annotationType().getAnnotation(InterceptorAnnotation.class);
            if (ia != null && ia.value() == HttpVerbInterceptor.class) {
                restricted = true;
                if (a.annotationType().getSimpleName().equals(verb)) {
                    return true;
                }
            }
        }
        return !restricted;
    }

    private static Object bind(Parameter p, Map<String, String> parameters, Object ancestor) {
        QueryParameter q = p.getAnnotation(QueryParameter.class);
        if (q != null) {
            String name = q.value().isEmpty() ? p.getName() : q.value();
            if (!p.isNamePresent() && q.value().isEmpty()) {
                throw new IllegalArgumentException("Parameter name unavailable neither in the code nor in annotation");
            }
            String value = parameters.get(name);
            if (q.required() && value == null) {
                throw new IllegalArgumentException("Required Query parameter " + name + " is missing");
            }
            if (q.fixEmpty() && value != null && value.isEmpty()) {
                value = null;
            }
            return convert(p.getType(), value);
        }
        if (p.getAnnotation(AncestorInPath.class) != null) {
            return p.getType().isInstance(ancestor) ? ancestor : null;
        }
        for (Annotation a : p.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(InjectedParameter.class)) {
                throw new UnsupportedOperationException("the stand-in does not bind @" + a.annotationType().getSimpleName());
            }
        }
        throw new UnsupportedOperationException("the stand-in does not inject " + p.getType().getName() + " " + p.getName());
    }

    /** As Stapler's converters: null stays null for objects, false/0 for primitives. */
    private static Object convert(Class<?> type, String value) {
        if (type == String.class) {
            return value;
        }
        if (type == boolean.class || type == Boolean.class) {
            return value == null ? (type == boolean.class ? Boolean.FALSE : null) : Boolean.valueOf(value);
        }
        if (type == int.class || type == Integer.class) {
            return value == null ? (type == int.class ? Integer.valueOf(0) : null) : Integer.valueOf(value.trim());
        }
        throw new UnsupportedOperationException("the stand-in does not convert to " + type.getName());
    }
}
