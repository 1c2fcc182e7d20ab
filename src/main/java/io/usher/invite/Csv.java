package io.usher.invite;

/** No formula injection when a report is opened in a spreadsheet (OWASP's CSV injection advice). */
final class Csv {

    private Csv() {}

    /** The value with a leading quote when a spreadsheet would read it as a formula. */
    static String inert(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }
}
