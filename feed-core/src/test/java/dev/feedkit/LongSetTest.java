package dev.feedkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

final class LongSetTest {

    @Property
    void behaves_like_an_insertion_ordered_set_across_clears(@ForAll @Size(max = 600) List<Long> ids) {
        LongSet set = new LongSet(4);
        LinkedHashSet<Long> model = new LinkedHashSet<>();
        for (long id : ids) {
            if (id % 97 == 13) {
                set.clear();
                model.clear();
                continue;
            }
            int index = set.add(id);
            model.add(id);
            assertThat(set.get(index)).isEqualTo(id);
        }
        assertThat(set.size()).isEqualTo(model.size());
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            order.add(set.get(i));
        }
        assertThat(order).containsExactlyElementsOf(model);
        for (long id : ids) {
            assertThat(set.contains(id)).isEqualTo(model.contains(id));
        }
        assertThat(set.contains(Long.MIN_VALUE)).isEqualTo(model.contains(Long.MIN_VALUE));
    }
}
