package io.yutang.livestream.page;

/** One input of the registration form as the template shows it: its label, name, input type and prefilled value. */
record FormField(String label, String name, String type, String value, boolean required) {
}
